import { type OptionNaming } from './option-naming.js';
import { type BuildOptions } from './options.js';
export type { OptionNaming } from './option-naming.js';
/** Raw values by the caller's names: CLI flags (without dashes), action inputs, or BuildOptions keys. */
export type RawOptions = Readonly<Record<string, string | boolean | readonly string[] | undefined>>;
/** A whole decimal number; `subject` starts the error message ("--memory", "Input retention-days"). */
export declare function parseWholeNumber(subject: string, value: string, hint: string): number;
/** Strings (CLI flags or action inputs) → validated options. Missing optional values take the defaults. */
export declare function optionsFromStrings(raw: RawOptions, naming: OptionNaming): BuildOptions;
/** Library callers: a partial options object → complete, validated options. */
export declare function resolveOptions(partial: Partial<BuildOptions> & Pick<BuildOptions, 'iso' | 'virtioWinIso' | 'output'>): BuildOptions;
/**
 * Throws a usage BuildError for the first invalid value, naming the option as `naming` does. Pure: no file
 * system access.
 */
export declare function validateOptions(options: BuildOptions, naming?: OptionNaming): void;
/**
 * Advice that does not stop the build: small disks and memory are fine for tests, not for Windows.
 * Preflight gives these without knowing the caller, so they use the CLI's names.
 */
export declare function optionWarnings(options: BuildOptions, target: {
    minDiskMiB: number;
    displayName?: string;
    minMemoryMiB?: number;
}): string[];
/** Guest memory below what Setup needs (2 GiB), or below what this Windows version asks for. Pure. */
export declare function memoryWarnings(memoryMiB: number, target: {
    displayName?: string;
    minMemoryMiB?: number;
}): string[];
