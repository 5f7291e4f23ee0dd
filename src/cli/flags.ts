/**
 * The command line's flags: every build option's flag from OPTION_TABLE, and the few that only steer the CLI
 * itself (output format, verbosity, help). parseArgs' spec and --help are both made from these.
 */
import type { ParseArgsConfig } from 'node:util';
import type { OptionSpec } from '../bake/option-spec.js';
import { OPTION_TABLE } from '../bake/option-table.js';

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

export const CLI_ONLY_FLAGS: readonly CliOnlyFlag[] = [
  {
    flag: 'password-file',
    metavar: 'PATH',
    help: 'read --password from a file (one trailing newline dropped); BAKE_WINDOWS_PASSWORD works too',
  },
  { flag: 'json', help: 'print one JSON object on stdout (result or error)' },
  {
    flag: 'progress',
    metavar: 'text|json',
    default: 'text',
    help: 'progress on stderr: text lines, or one JSON event per line (NDJSON, see schemas/progress-event.schema.json)',
  },
  { flag: 'verbose', short: 'v', help: 'more detail' },
  { flag: 'help', short: 'h', help: 'print this text' },
  { flag: 'version', help: 'print the version' },
];

/** The build options the command line takes, in the table's order. */
export const CLI_OPTIONS: readonly (OptionSpec & { flag: string })[] = (
  OPTION_TABLE as readonly OptionSpec[]
).filter((spec): spec is OptionSpec & { flag: string } => spec.flag !== undefined);

/** The value's placeholder: PATH, MIB, or the choices (auto|kvm|tcg); none for a switch. */
export function metavar(spec: OptionSpec): string | undefined {
  if (spec.type === 'boolean') return undefined;
  if (spec.type === 'choice') return spec.values.join('|');
  return spec.metavar;
}

/** `--memory MIB`, as --help and README.md write the flag. */
export function flagUsage(spec: OptionSpec & { flag: string }): string {
  const value = metavar(spec);
  return value === undefined ? `--${spec.flag}` : `--${spec.flag} ${value}`;
}

type FlagSpec = { type: 'string' | 'boolean'; short?: string; multiple?: boolean };

export const PARSE_ARGS_OPTIONS: Record<string, FlagSpec> = Object.fromEntries([
  ...CLI_OPTIONS.map((spec): [string, FlagSpec] => [
    spec.flag,
    {
      type: spec.type === 'boolean' ? 'boolean' : 'string',
      ...(spec.short ? { short: spec.short } : {}),
      ...(spec.type === 'list' ? { multiple: true } : {}),
    },
  ]),
  ...CLI_ONLY_FLAGS.map(({ flag, short, metavar }): [string, FlagSpec] => [
    flag,
    { type: metavar ? 'string' : 'boolean', ...(short ? { short } : {}) },
  ]),
]) satisfies ParseArgsConfig['options'];
