/**
 * An error names the option the way its caller gave it: `--memory` on the command line, the input `memory`
 * in the action, `memoryMiB` in the library. The checks say which option failed; this module says it.
 */
import { BuildError } from '../errors.js';
import type { BuildOptions } from './options.js';
import { optionSpec } from './option-table.js';

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

/** `--flag`, the input, or (for an option that naming does not have) the library name. */
function nameFor(naming: OptionNaming, key: keyof BuildOptions): string {
  const spec = optionSpec(key);
  if (naming === 'cli' && spec.flag) return `--${spec.flag}`;
  if (naming === 'action' && spec.input) return spec.input;
  return key;
}

function quoted(value: string | number, quote: (text: string) => string): string {
  return typeof value === 'string' && /[\s"']/.test(value) ? quote(value) : String(value);
}

export function optionNames(naming: OptionNaming): OptionNames {
  const name = (key: keyof BuildOptions): string => nameFor(naming, key);
  // What starts an error message: the action's messages say which input ("Input memory: …").
  const subject = (key: keyof BuildOptions): string =>
    naming === 'action' && optionSpec(key).input ? `Input ${name(key)}` : name(key);
  const setting = (key: keyof BuildOptions, value: string | number): string => {
    if (naming === 'cli') return `${name(key)} ${quoted(value, (text) => `"${text}"`)}`;
    if (naming === 'action') return `${name(key)}: ${quoted(value, (text) => `"${text}"`)}`;
    return `${name(key)}: ${typeof value === 'string' ? JSON.stringify(value) : value}`;
  };
  return {
    naming,
    name,
    setting,
    switchHint: (key) =>
      naming === 'cli'
        ? `Use ${name(key)} alone, or the value true or false.`
        : `Set ${name(key)}: true or ${name(key)}: false.`,
    invalid: (key, message, hint) =>
      new BuildError('invalid-option', `${subject(key)}: ${message}`, { hint }),
    missing: (key, example) =>
      new BuildError('usage', `${subject(key)} is required`, {
        hint: `Pass it, e.g. ${setting(key, example)}`,
      }),
  };
}
