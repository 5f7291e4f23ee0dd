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

// Typed by its parts, so that the declaration files name the rows rather than spell them out again.
export const OPTION_TABLE: readonly [
  ...typeof MEDIA_AND_WINDOWS_ROWS,
  ...typeof VM_AND_BUILD_ROWS,
  ...typeof BASELINE_ROWS,
] = [...MEDIA_AND_WINDOWS_ROWS, ...VM_AND_BUILD_ROWS, ...BASELINE_ROWS];

type OptionEntry = (typeof OPTION_TABLE)[number];

/** Fails to compile when a BuildOptions property has no row. */
type AssertNever<T extends never> = T;
export type EveryOptionHasARow = AssertNever<Exclude<keyof BuildOptions, OptionEntry['key']>>;

/** The defaults by library name, with their literal types (memoryMiB: 4096). */
export type OptionDefaults = {
  readonly [Entry in Extract<OptionEntry, { default: unknown }> as Entry['key']]: Entry['default'];
};

export function optionSpec<K extends keyof BuildOptions>(key: K): OptionSpec & { key: K } {
  const spec = (OPTION_TABLE as readonly OptionSpec[]).find((entry) => entry.key === key);
  if (!spec) throw new Error(`no option ${key} in OPTION_TABLE`);
  return spec as OptionSpec & { key: K };
}

/** A number option's row, for its range. */
export function numberSpec(key: keyof BuildOptions): NumberOption {
  const spec = optionSpec(key);
  if (spec.type !== 'number') throw new Error(`option ${key} is not a number`);
  return spec;
}
