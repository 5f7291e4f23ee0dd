/**
 * The shape of a row of OPTION_TABLE (option-table.ts): one build option under all its names, with its
 * type, default, range and help line.
 */
import type { BuildOptions } from './options.js';
/** The sections of --help. */
export type OptionGroup = 'Required' | 'Guest' | 'VM' | 'Baseline' | 'Build';
interface OptionBase {
    /** The BuildOptions property: what library callers write. */
    key: keyof BuildOptions;
    /** The CLI flag without dashes; absent: not on the command line. */
    flag?: string;
    /** A one-letter CLI alias. */
    short?: string;
    /** The action input; absent: the action does not take it (or sets it itself). */
    input?: string;
    group: OptionGroup;
    /** The --help line, without the default (that is appended from `default` or `defaultText`). */
    help: string;
    /** --help's words for a default that is not a value ("derived from --edition"). */
    defaultText?: string;
}
export interface TextOption extends OptionBase {
    type: 'string';
    /** The value's placeholder in --help (PATH, NAME, …). */
    metavar: string;
    default?: string;
    /** A value for the hint when it is missing; only required options have one. */
    requiredExample?: string;
    maxLength?: number;
}
export interface NumberOption extends OptionBase {
    type: 'number';
    metavar: string;
    /** `auto` only where `auto` is true. */
    default: number | 'auto';
    /** Takes `auto` besides a number: chosen from the host when the build starts (bake/host-resources.ts). */
    auto?: boolean;
    /** The number hints show when the default is `auto`. */
    example?: number;
    min: number;
    max: number;
    /** What a valid value is; the hint adds an example with the default. */
    hint: string;
}
export interface ChoiceOption extends OptionBase {
    type: 'choice';
    values: readonly string[];
    default?: string;
}
export interface SwitchOption extends OptionBase {
    type: 'boolean';
    default: boolean;
    /** The CLI flag turns the option off (--no-compress sets compress to false). */
    negated?: boolean;
}
/**
 * Values given again and again, in order: a repeated CLI flag, one per line in the action's input, an array in
 * the library. Empty lines of the input are dropped; no value at all is the empty list.
 */
export interface ListOption extends OptionBase {
    type: 'list';
    metavar: string;
    default: readonly [];
}
export type OptionSpec = TextOption | NumberOption | ChoiceOption | SwitchOption | ListOption;
export {};
