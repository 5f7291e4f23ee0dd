/**
 * An error names the option the way its caller gave it: `--memory` on the command line, the input `memory`
 * in the action, `memoryMiB` in the library. The checks say which option failed; this module says it.
 */
import { BuildError } from '../errors.js';
import type { BuildOptions } from './options.js';
export type OptionNaming = 'cli' | 'action' | 'library';
export interface OptionNames {
    readonly naming: OptionNaming;
    /** The name in a sentence: `--memory`, `memory`, `memoryMiB`. */
    name(key: keyof BuildOptions): string;
    /** How to set it, for hints: `--memory 4096`, `memory: 4096`, `memoryMiB: 4096`. */
    setting(key: keyof BuildOptions, value: string | number): string;
    /** How to give a true/false option. */
    switchHint(key: keyof BuildOptions): string;
    invalid(key: keyof BuildOptions, message: string, hint: string): BuildError;
    missing(key: keyof BuildOptions, example: string): BuildError;
}
export declare function optionNames(naming: OptionNaming): OptionNames;
