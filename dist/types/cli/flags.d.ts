import type { OptionSpec } from '../bake/option-spec.js';
/** Flags that are not build options. */
export interface CliOnlyFlag {
    flag: string;
    short?: string;
    /** The value's placeholder; a flag without one is a switch. */
    metavar?: string;
    /** The value when the flag is not given (a flag without one has none, or is off). */
    default?: string;
    help: string;
}
export declare const CLI_ONLY_FLAGS: readonly CliOnlyFlag[];
/** The build options the command line takes, in the table's order. */
export declare const CLI_OPTIONS: readonly (OptionSpec & {
    flag: string;
})[];
/** The value's placeholder: PATH, MIB, or the choices (auto|kvm|tcg); none for a switch. */
export declare function metavar(spec: OptionSpec): string | undefined;
/** `--memory MIB`, as --help and README.md write the flag. */
export declare function flagUsage(spec: OptionSpec & {
    flag: string;
}): string;
type FlagSpec = {
    type: 'string' | 'boolean';
    short?: string;
    multiple?: boolean;
};
export declare const PARSE_ARGS_OPTIONS: Record<string, FlagSpec>;
export {};
