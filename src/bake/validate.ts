/**
 * The one place where options are parsed and checked. The CLI and the action hand over strings by their own
 * names (`optionsFromStrings`); library callers hand over a partial typed object (`resolveOptions`). Both end
 * in `validateOptions`, which throws a usage BuildError (exit code 2) naming the option as the caller did.
 * Checks that need the file system (ISOs, output, free space, tools) are preflight's job, not this module's.
 */
import { BuildError } from '../errors.js';
import { NO_PRODUCT_KEY } from '../unattend/generic-keys.js';
import { parseVncAddress } from '../tools/vnc.js';
import { type OptionNames, type OptionNaming, optionNames } from './option-naming.js';
import type { NumberOption, OptionSpec } from './option-spec.js';
import { isProvisionScript } from '../guest/provision.js';
import { parseUpload } from './baseline-inputs.js';
import { OPTION_TABLE } from './option-table.js';
import { type BuildOptions, DEFAULTS } from './options.js';
import {
  checkHostname,
  checkPassword,
  checkTimeZone,
  checkUsername,
  CONTROL_CHARACTERS,
} from './windows-names.js';

export type { OptionNaming } from './option-naming.js';

/** Raw values by the caller's names: CLI flags (without dashes), action inputs, or BuildOptions keys. */
export type RawOptions = Readonly<Record<string, string | boolean | readonly string[] | undefined>>;

const TABLE: readonly OptionSpec[] = OPTION_TABLE;

/** The name an option goes by in `naming`; undefined when that caller does not have it. */
function rawName(spec: OptionSpec, naming: OptionNaming): string | undefined {
  if (naming === 'cli') return spec.flag;
  if (naming === 'action') return spec.input;
  return spec.key;
}

function wholeNumber(value: string, fail: (message: string) => BuildError): number {
  const trimmed = value.trim();
  // Rejects "", "1.5", "0x10", "1e3", "12abc", which Number() would take or turn into NaN.
  if (!/^[+-]?\d+$/.test(trimmed)) throw fail(`"${value}" is not a whole number`);
  const parsed = Number(trimmed);
  if (!Number.isSafeInteger(parsed)) throw fail(`${value} is too large`);
  return parsed;
}

/** A whole decimal number; `subject` starts the error message ("--memory", "Input retention-days"). */
export function parseWholeNumber(subject: string, value: string, hint: string): number {
  return wholeNumber(
    value,
    (message) => new BuildError('invalid-option', `${subject}: ${message}`, { hint }),
  );
}

function numberHint(spec: NumberOption, names: OptionNames): string {
  return `${spec.hint}, e.g. ${names.setting(spec.key, spec.example ?? spec.default)}.`;
}

function choiceHint(spec: OptionSpec & { type: 'choice' }, names: OptionNames): string {
  return spec.default === undefined ? 'Or leave it out.' : `Use ${names.setting(spec.key, spec.default)}.`;
}

function parseSwitch(spec: OptionSpec, value: string | boolean, names: OptionNames): boolean | undefined {
  if (typeof value === 'boolean') return value;
  const normalized = value.trim().toLowerCase();
  if (normalized === '') return undefined;
  if (['true', '1', 'yes'].includes(normalized)) return true;
  if (['false', '0', 'no'].includes(normalized)) return false;
  throw names.invalid(spec.key, `"${value}" is not true or false`, names.switchHint(spec.key));
}

/** One raw value → the option's value; undefined leaves the option out. */
function parseValue(
  spec: OptionSpec,
  value: string | boolean | readonly string[] | undefined,
  names: OptionNames,
): unknown {
  if (spec.type === 'list') return listValue(value);
  if (typeof value === 'object') throw names.invalid(spec.key, 'is given more than once', 'Give it once.');
  if (spec.type === 'boolean') {
    const parsed = value === undefined ? undefined : parseSwitch(spec, value, names);
    if (parsed === undefined) return spec.default;
    return spec.negated && names.naming === 'cli' ? !parsed : parsed;
  }
  const text = typeof value === 'string' ? value : undefined;
  switch (spec.type) {
    case 'string':
      if (spec.requiredExample !== undefined) {
        if (text === undefined || text.trim() === '') throw names.missing(spec.key, spec.requiredExample);
        return text;
      }
      // Free text (a password, an edition name) is taken as given; paths and keys without spaces around.
      return spec.default !== undefined ? (text ?? spec.default) : text?.trim() || undefined;
    case 'number':
      if (text === undefined) return spec.default;
      if (spec.auto && text.trim().toLowerCase() === 'auto') return 'auto';
      return wholeNumber(text, (message) => names.invalid(spec.key, message, numberHint(spec, names)));
    case 'choice': {
      const given = text?.trim();
      if (!given) return spec.default;
      const found = spec.values.find((candidate) => candidate === given.toLowerCase());
      if (found === undefined) {
        throw names.invalid(
          spec.key,
          `"${given}" is not one of ${spec.values.join(', ')}`,
          choiceHint(spec, names),
        );
      }
      return found;
    }
  }
}

/** A repeated flag's values, or an input's lines; blank ones dropped, the others trimmed. */
function listValue(value: string | boolean | readonly string[] | undefined): string[] {
  if (value === undefined || typeof value === 'boolean') return [];
  const items = typeof value === 'string' ? value.split(/\r?\n/) : value;
  return items.map((item) => item.trim()).filter((item) => item !== '');
}

/** Strings (CLI flags or action inputs) → validated options. Missing optional values take the defaults. */
export function optionsFromStrings(raw: RawOptions, naming: OptionNaming): BuildOptions {
  const names = optionNames(naming);
  const known = TABLE.map((spec) => rawName(spec, naming));
  const unknown = Object.keys(raw).find((name) => raw[name] !== undefined && !known.includes(name));
  if (unknown !== undefined) {
    throw new BuildError('usage', `Unknown option "${unknown}"`, {
      hint: `The options are ${known.filter(Boolean).join(', ')}.`,
    });
  }
  const options: Record<string, unknown> = {};
  for (const spec of TABLE) {
    const name = rawName(spec, naming);
    const value = parseValue(spec, name === undefined ? undefined : raw[name], names);
    if (value !== undefined) options[spec.key] = value;
  }
  validateOptions(options as unknown as BuildOptions, naming);
  return options as unknown as BuildOptions;
}

/** Library callers: a partial options object → complete, validated options. */
export function resolveOptions(
  partial: Partial<BuildOptions> & Pick<BuildOptions, 'iso' | 'virtioWinIso' | 'output'>,
): BuildOptions {
  const options = { ...DEFAULTS, ...withoutUndefined(partial) } as BuildOptions;
  validateOptions(options, 'library');
  return options;
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** What the table alone says: required values present, numbers in range, choices among their values. */
function checkAgainstTable(spec: OptionSpec, value: unknown, names: OptionNames): void {
  if (spec.type === 'string' && spec.requiredExample !== undefined) {
    if (typeof value !== 'string' || value.trim() === '') throw names.missing(spec.key, spec.requiredExample);
  } else if (spec.type === 'number') {
    if (spec.auto && value === 'auto') return;
    const hint = numberHint(spec, names);
    if (!Number.isInteger(value))
      throw names.invalid(spec.key, `${String(value)} is not a whole number`, hint);
    const number = value as number;
    if (number < spec.min || number > spec.max) {
      throw names.invalid(spec.key, `${number} is out of range (${spec.min} to ${spec.max})`, hint);
    }
  } else if (spec.type === 'choice' && value !== undefined && !spec.values.includes(value as string)) {
    throw names.invalid(
      spec.key,
      `"${String(value)}" is not one of ${spec.values.join(', ')}`,
      choiceHint(spec, names),
    );
  } else if (spec.type === 'list') {
    if (!Array.isArray(value) || value.some((item) => typeof item !== 'string' || item.trim() === '')) {
      throw names.invalid(spec.key, 'is not a list of values', `Give an array of ${spec.metavar} strings.`);
    }
  }
}

/**
 * Throws a usage BuildError for the first invalid value, naming the option as `naming` does. Pure: no file
 * system access.
 */
export function validateOptions(options: BuildOptions, naming: OptionNaming = 'library'): void {
  const names = optionNames(naming);
  for (const spec of TABLE) checkAgainstTable(spec, options[spec.key], names);
  checkUsername(options.username, options.hostname, names);
  checkPassword(options.password, names);
  checkHostname(options.hostname, names);
  if (options.edition.trim() === '' || CONTROL_CHARACTERS.test(options.edition)) {
    throw names.invalid(
      'edition',
      options.edition.trim() === '' ? 'must not be empty' : 'contains control characters',
      `Give an image name from sources/install.wim exactly, e.g. ${names.setting('edition', DEFAULTS.edition)}.`,
    );
  }
  checkTimeZone(options.timezone, names);
  if (!/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/i.test(options.locale)) {
    throw names.invalid(
      'locale',
      `"${options.locale}" is not a locale name`,
      `e.g. ${names.setting('locale', DEFAULTS.locale)} or de-DE.`,
    );
  }
  if (
    options.productKey !== undefined &&
    options.productKey.trim().toLowerCase() !== NO_PRODUCT_KEY &&
    !/^([A-Z0-9]{5}-){4}[A-Z0-9]{5}$/i.test(options.productKey.trim())
  ) {
    throw names.invalid(
      'productKey',
      `is neither of the form XXXXX-XXXXX-XXXXX-XXXXX-XXXXX nor "${NO_PRODUCT_KEY}"`,
      `Check the key; leave it out for the edition's generic key, or give ${names.setting('productKey', NO_PRODUCT_KEY)} for no key at all.`,
    );
  }
  if (options.keepFirmwareState && options.firmware === 'bios') {
    throw names.invalid(
      'keepFirmwareState',
      'needs UEFI firmware: a BIOS VM has no variable store or TPM to keep',
      `Use it with ${names.setting('firmware', 'uefi')} or uefi-secure, or leave it out.`,
    );
  }
  const vnc = options.vnc === undefined ? undefined : parseVncAddress(options.vnc);
  if (vnc && 'error' in vnc) {
    throw names.invalid(
      'vnc',
      vnc.error,
      `Use ${names.setting('vnc', '127.0.0.1:5901')} (or unix:PATH) and, from another machine, an SSH tunnel: ssh -L 5901:127.0.0.1:5901 HOST.`,
    );
  }
  for (const spec of options.upload) parseUpload(spec);
  // A title pattern goes to PowerShell's -like, where [ ] would be a character class.
  const exclude = options.updateExclude.find((item) => CONTROL_CHARACTERS.test(item) || /[[\]]/.test(item));
  if (exclude !== undefined) {
    throw names.invalid(
      'updateExclude',
      `"${exclude}" is neither a KB number nor a title pattern (no control characters, no [ or ])`,
      'Give a KB number (KB5034441) or a part of the title with * and ? (*Silverlight*).',
    );
  }
  const script = options.provision.find((file) => !isProvisionScript(file));
  if (script !== undefined) {
    throw names.invalid(
      'provision',
      `cannot tell how to run "${script}"`,
      'A provisioning script ends in .ps1 (PowerShell), .cmd or .bat (cmd.exe): rename it, or wrap it in one.',
    );
  }
  if (options.opensshMsi !== undefined && !/\.msi$/i.test(options.opensshMsi.trim())) {
    throw names.invalid(
      'opensshMsi',
      `"${options.opensshMsi}" is not an .msi file`,
      `Give the Win32-OpenSSH MSI for x64, e.g. ${names.setting('opensshMsi', 'OpenSSH-Win64-v9.8.3.0.msi')} (PowerShell/Win32-OpenSSH releases).`,
    );
  }
}

/**
 * Advice that does not stop the build: small disks and memory are fine for tests, not for Windows.
 * Preflight gives these without knowing the caller, so they use the CLI's names.
 */
export function optionWarnings(
  options: BuildOptions,
  target: { minDiskMiB: number; displayName?: string; minMemoryMiB?: number },
): string[] {
  const warnings: string[] = [];
  const minDiskMiB = target.minDiskMiB;
  if (options.diskSizeMiB < minDiskMiB) {
    warnings.push(
      `--disk-size ${options.diskSizeMiB} MiB is below the ${minDiskMiB} MiB this Windows version expects; Setup may refuse the disk or run out of space.`,
    );
  }
  // `auto` is sized by preflight, which warns about what it chose (memoryWarnings).
  if (options.memoryMiB !== 'auto') warnings.push(...memoryWarnings(options.memoryMiB, target));
  if (options.accel === 'tcg') {
    warnings.push(
      '--accel tcg emulates the CPU in software: fine for tests, far too slow for a real Windows install.',
    );
  }
  if (options.password === DEFAULTS.password) {
    // Not the password itself: the build's logger would print it as *** anyway.
    warnings.push(
      "The guest's password is the default one, which anyone who reads this project's README knows: set your own (CLI: --password-file or BAKE_WINDOWS_PASSWORD; action: the password input from a secret).",
    );
  }
  return warnings;
}

/** Guest memory below what Setup needs (2 GiB), or below what this Windows version asks for. Pure. */
export function memoryWarnings(
  memoryMiB: number,
  target: { displayName?: string; minMemoryMiB?: number },
): string[] {
  if (memoryMiB < 2048) {
    return [`--memory ${memoryMiB} MiB is below the 2048 MiB Windows Setup needs to run well.`];
  }
  if (target.minMemoryMiB !== undefined && memoryMiB < target.minMemoryMiB) {
    return [
      `--memory ${memoryMiB} MiB is below the ${target.minMemoryMiB} MiB ${target.displayName ?? 'this Windows version'} asks for; Setup may refuse or crawl.`,
    ];
  }
  return [];
}
