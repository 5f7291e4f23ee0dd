import { type BuildOptions } from './options.js';
/** Raw option values by their CLI flag / action input name (kebab-case, without dashes). */
export type RawOptions = Partial<Record<RawOptionName, string | boolean | undefined>>;
export type RawOptionName = 'iso' | 'virtio-win-iso' | 'output' | 'username' | 'password' | 'hostname' | 'edition' | 'os' | 'disk-size' | 'build-timeout' | 'memory' | 'cpus' | 'accel' | 'firmware' | 'timezone' | 'locale' | 'product-key' | 'openssh-msi' | 'keep-firmware-state' | 'work-dir' | 'compress' | 'keep-work-dir' | 'dry-run';
/** A whole decimal number; rejects "", "1.5", "0x10", "1e3", "12abc". */
export declare function parseWholeNumber(name: string, value: string, unitHint: string): number;
/** Strings (CLI flags or action inputs) → validated options. Missing optional values take the defaults. */
export declare function optionsFromStrings(raw: RawOptions): BuildOptions;
/** Library callers: a partial options object → complete, validated options. */
export declare function resolveOptions(partial: Partial<BuildOptions> & Pick<BuildOptions, 'iso' | 'virtioWinIso' | 'output'>): BuildOptions;
/** Throws a usage BuildError for the first invalid value. Pure: no file system access. */
export declare function validateOptions(options: BuildOptions): void;
/** Advice that does not stop the build: small disks and memory are fine for tests, not for Windows. */
export declare function optionWarnings(options: BuildOptions, target: {
    minDiskMiB: number;
}): string[];
