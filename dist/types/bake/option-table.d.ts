/**
 * Every build option once (its rows are in option-rows-*.ts): its library name, CLI flag, action input, type,
 * default, range and help line. The CLI's flags and --help, the action's inputs, the library's DEFAULTS and the
 * checks all read this table; action.yml and README.md repeat it in prose, and a test holds them to it.
 */
import type { NumberOption, OptionSpec } from './option-spec.js';
import type { BuildOptions } from './options.js';
import { MEDIA_AND_WINDOWS_ROWS } from './option-rows-windows.js';
import { VM_AND_BUILD_ROWS } from './option-rows-vm.js';
import { BASELINE_ROWS } from './option-rows-baseline.js';
export declare const OPTION_TABLE: readonly [
    ...typeof MEDIA_AND_WINDOWS_ROWS,
    ...typeof VM_AND_BUILD_ROWS,
    ...typeof BASELINE_ROWS
];
type OptionEntry = (typeof OPTION_TABLE)[number];
/** Fails to compile when a BuildOptions property has no row. */
type AssertNever<T extends never> = T;
export type EveryOptionHasARow = AssertNever<Exclude<keyof BuildOptions, OptionEntry['key']>>;
/** The defaults by library name, with their literal types (memoryMiB: 4096). */
export type OptionDefaults = {
    readonly [Entry in Extract<OptionEntry, {
        default: unknown;
    }> as Entry['key']]: Entry['default'];
};
export declare function optionSpec<K extends keyof BuildOptions>(key: K): OptionSpec & {
    key: K;
};
/** A number option's row, for its range. */
export declare function numberSpec(key: keyof BuildOptions): NumberOption;
export {};
