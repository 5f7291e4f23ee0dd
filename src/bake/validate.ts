/**
 * The one place where options are parsed and checked. The CLI and the action hand over strings
 * (`optionsFromStrings`); library callers hand over a partial typed object (`resolveOptions`). Both end in
 * `validateOptions`, which throws a usage BuildError (exit code 2) naming the fix.
 * Checks that need the file system (ISOs, output, free space, tools) are preflight's job, not this module's.
 */
import { BuildError } from '../errors.js';
import { IANA_TO_WINDOWS, WINDOWS_TIME_ZONES } from '../unattend/time-zones.js';
import { ACCELS, FIRMWARES, WINDOWS_OSES } from '../targets.js';
import { type BuildOptions, DEFAULTS, LIMITS } from './options.js';

/** Raw option values by their CLI flag / action input name (kebab-case, without dashes). */
export type RawOptions = Partial<Record<RawOptionName, string | boolean | undefined>>;
export type RawOptionName =
  | 'iso'
  | 'virtio-win-iso'
  | 'output'
  | 'username'
  | 'password'
  | 'hostname'
  | 'edition'
  | 'os'
  | 'disk-size'
  | 'build-timeout'
  | 'memory'
  | 'cpus'
  | 'accel'
  | 'firmware'
  | 'timezone'
  | 'locale'
  | 'product-key'
  | 'openssh-msi'
  | 'keep-firmware-state'
  | 'work-dir'
  | 'compress'
  | 'keep-work-dir'
  | 'dry-run';

function invalid(flag: string, message: string, hint: string): BuildError {
  return new BuildError('invalid-option', `--${flag}: ${message}`, { hint });
}

function text(raw: RawOptions, name: RawOptionName): string | undefined {
  const value = raw[name];
  if (value === undefined || typeof value === 'boolean') return undefined;
  return value;
}

function required(raw: RawOptions, name: RawOptionName, example: string): string {
  const value = text(raw, name);
  if (value === undefined || value.trim() === '') {
    throw new BuildError('usage', `--${name} is required`, { hint: `Pass it, e.g. --${name} ${example}` });
  }
  return value;
}

/** A whole decimal number; rejects "", "1.5", "0x10", "1e3", "12abc". */
export function parseWholeNumber(name: string, value: string, unitHint: string): number {
  const trimmed = value.trim();
  if (!/^[+-]?\d+$/.test(trimmed)) {
    throw invalid(name, `"${value}" is not a whole number`, unitHint);
  }
  const parsed = Number(trimmed);
  if (!Number.isSafeInteger(parsed)) throw invalid(name, `${value} is too large`, unitHint);
  return parsed;
}

function numberOption(raw: RawOptions, name: RawOptionName, fallback: number, unitHint: string): number {
  const value = text(raw, name);
  return value === undefined ? fallback : parseWholeNumber(name, value, unitHint);
}

function choice<T extends string>(
  raw: RawOptions,
  name: RawOptionName,
  allowed: readonly T[],
  fallback: T,
): T {
  const value = text(raw, name)?.trim();
  if (value === undefined || value === '') return fallback;
  const found = allowed.find((candidate) => candidate === value.toLowerCase());
  if (!found)
    throw invalid(name, `"${value}" is not one of ${allowed.join(', ')}`, `Use --${name} ${fallback}`);
  return found;
}

function flag(raw: RawOptions, name: RawOptionName, fallback = false): boolean {
  const value = raw[name];
  if (value === undefined) return fallback;
  if (typeof value === 'boolean') return value;
  const normalized = value.trim().toLowerCase();
  if (normalized === '') return fallback;
  if (['true', '1', 'yes'].includes(normalized)) return true;
  if (['false', '0', 'no'].includes(normalized)) return false;
  throw invalid(name, `"${value}" is not true or false`, `Use --${name} alone, or the value true or false.`);
}

/** Strings (CLI flags or action inputs) → validated options. Missing optional values take the defaults. */
export function optionsFromStrings(raw: RawOptions): BuildOptions {
  const os = text(raw, 'os')?.trim();
  const productKey = text(raw, 'product-key')?.trim();
  const workDir = text(raw, 'work-dir')?.trim();
  const opensshMsi = text(raw, 'openssh-msi')?.trim();
  const options: BuildOptions = {
    iso: required(raw, 'iso', 'Win11_24H2_English_x64.iso'),
    virtioWinIso: required(raw, 'virtio-win-iso', 'virtio-win.iso'),
    output: required(raw, 'output', 'windows-11.qcow2'),
    username: text(raw, 'username') ?? DEFAULTS.username,
    password: text(raw, 'password') ?? DEFAULTS.password,
    hostname: text(raw, 'hostname') ?? DEFAULTS.hostname,
    edition: text(raw, 'edition') ?? DEFAULTS.edition,
    os: os ? choice(raw, 'os', WINDOWS_OSES, 'w11') : undefined,
    diskSizeMiB: numberOption(
      raw,
      'disk-size',
      DEFAULTS.diskSizeMiB,
      'Give the size in MiB, e.g. 65536 for 64 GiB.',
    ),
    buildTimeoutSeconds: numberOption(
      raw,
      'build-timeout',
      DEFAULTS.buildTimeoutSeconds,
      'Give seconds, e.g. 2700 for 45 minutes.',
    ),
    memoryMiB: numberOption(raw, 'memory', DEFAULTS.memoryMiB, 'Give MiB, e.g. 4096.'),
    cpus: numberOption(raw, 'cpus', DEFAULTS.cpus, 'Give a count of virtual CPUs, e.g. 4.'),
    accel: choice(raw, 'accel', ACCELS, DEFAULTS.accel),
    firmware: choice(raw, 'firmware', FIRMWARES, DEFAULTS.firmware),
    timezone: text(raw, 'timezone') ?? DEFAULTS.timezone,
    locale: text(raw, 'locale') ?? DEFAULTS.locale,
    productKey: productKey || undefined,
    opensshMsi: opensshMsi || undefined,
    keepFirmwareState: flag(raw, 'keep-firmware-state', DEFAULTS.keepFirmwareState),
    workDir: workDir || undefined,
    compress: flag(raw, 'compress', DEFAULTS.compress),
    keepWorkDir: flag(raw, 'keep-work-dir'),
    dryRun: flag(raw, 'dry-run'),
  };
  validateOptions(options);
  return options;
}

/** Library callers: a partial options object → complete, validated options. */
export function resolveOptions(
  partial: Partial<BuildOptions> & Pick<BuildOptions, 'iso' | 'virtioWinIso' | 'output'>,
): BuildOptions {
  const options = { ...DEFAULTS, ...withoutUndefined(partial) } as BuildOptions;
  validateOptions(options);
  return options;
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

// Windows forbids these in user names (and the profile folder could not be created for the device names).
const USERNAME_FORBIDDEN = /["/\\[\]:;|=,+*?<>@]/;
const RESERVED_USERNAMES = [
  'administrator',
  'guest',
  'defaultaccount',
  'wdagutilityaccount',
  'system',
  'administrators',
  'users',
  'everyone',
  'con',
  'prn',
  'aux',
  'nul',
  ...Array.from({ length: 9 }, (_, i) => `com${i + 1}`),
  ...Array.from({ length: 9 }, (_, i) => `lpt${i + 1}`),
];
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

function checkRange(flagName: string, value: number, min: number, max: number, hint: string): void {
  if (!Number.isInteger(value)) throw invalid(flagName, `${value} is not a whole number`, hint);
  if (value < min || value > max)
    throw invalid(flagName, `${value} is out of range (${min} to ${max})`, hint);
}

/** Throws a usage BuildError for the first invalid value. Pure: no file system access. */
export function validateOptions(options: BuildOptions): void {
  for (const [flagName, value] of [
    ['iso', options.iso],
    ['virtio-win-iso', options.virtioWinIso],
    ['output', options.output],
  ] as const) {
    if (typeof value !== 'string' || value.trim() === '') {
      throw new BuildError('usage', `--${flagName} is required`, { hint: `Pass --${flagName} PATH.` });
    }
  }
  checkUsername(options.username, options.hostname);
  checkPassword(options.password);
  checkHostname(options.hostname);
  if (options.edition.trim() === '' || CONTROL_CHARACTERS.test(options.edition)) {
    throw invalid(
      'edition',
      options.edition.trim() === '' ? 'must not be empty' : 'contains control characters',
      'Give an image name from sources/install.wim exactly, e.g. --edition "Windows 11 Pro".',
    );
  }
  if (options.os !== undefined && !WINDOWS_OSES.includes(options.os)) {
    throw invalid('os', `"${options.os}" is not one of ${WINDOWS_OSES.join(', ')}`, 'Or leave it out.');
  }
  checkRange(
    'disk-size',
    options.diskSizeMiB,
    LIMITS.minDiskSizeMiB,
    LIMITS.maxDiskSizeMiB,
    'Give the virtual disk size in MiB, e.g. 65536 for 64 GiB (qcow2 allows up to 2 PiB).',
  );
  checkRange(
    'build-timeout',
    options.buildTimeoutSeconds,
    1,
    LIMITS.maxBuildTimeoutSeconds,
    'Give the whole-build limit in seconds, e.g. 2700 (45 minutes).',
  );
  checkRange(
    'memory',
    options.memoryMiB,
    LIMITS.minMemoryMiB,
    LIMITS.maxMemoryMiB,
    'Give guest memory in MiB, e.g. 4096 (Windows 11 wants at least 4096).',
  );
  checkRange('cpus', options.cpus, LIMITS.minCpus, LIMITS.maxCpus, 'Give a count of virtual CPUs, e.g. 4.');
  if (!ACCELS.includes(options.accel)) {
    throw invalid('accel', `"${options.accel}" is not one of ${ACCELS.join(', ')}`, 'Use --accel auto.');
  }
  if (!FIRMWARES.includes(options.firmware)) {
    throw invalid(
      'firmware',
      `"${options.firmware}" is not one of ${FIRMWARES.join(', ')}`,
      'Use --firmware uefi.',
    );
  }
  checkTimeZone(options.timezone);
  if (!/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/i.test(options.locale)) {
    throw invalid('locale', `"${options.locale}" is not a locale name`, 'e.g. --locale en-US or de-DE.');
  }
  if (options.productKey !== undefined && !/^([A-Z0-9]{5}-){4}[A-Z0-9]{5}$/i.test(options.productKey)) {
    throw invalid(
      'product-key',
      'is not of the form XXXXX-XXXXX-XXXXX-XXXXX-XXXXX',
      'Check the key, or leave it out.',
    );
  }
  if (options.keepFirmwareState && options.firmware === 'bios') {
    throw invalid(
      'keep-firmware-state',
      'needs UEFI firmware: a BIOS VM has no variable store or TPM to keep',
      'Use it with --firmware uefi or uefi-secure, or leave it out.',
    );
  }
  if (options.opensshMsi !== undefined && !/\.msi$/i.test(options.opensshMsi.trim())) {
    throw invalid(
      'openssh-msi',
      `"${options.opensshMsi}" is not an .msi file`,
      'Give the Win32-OpenSSH MSI for x64, e.g. --openssh-msi OpenSSH-Win64-v9.8.3.0.msi (PowerShell/Win32-OpenSSH releases).',
    );
  }
}

/** Time zone ids Windows still has that CLDR no longer maps (kept for older answer files). */
const LEGACY_WINDOWS_TIME_ZONES = ['Mid-Atlantic Standard Time', 'Kamchatka Standard Time'];

/**
 * An unknown TimeZone fails Setup's specialize pass, which the build would only see as a timeout: check it
 * against CLDR's Windows ids here, and name the Windows id for an IANA name.
 */
function checkTimeZone(timezone: string): void {
  const known = [...WINDOWS_TIME_ZONES, ...LEGACY_WINDOWS_TIME_ZONES];
  if (known.some((id) => id.toLowerCase() === timezone.toLowerCase())) return;
  const windowsId = Object.entries(IANA_TO_WINDOWS).find(
    ([iana]) => iana.toLowerCase() === timezone.trim().toLowerCase(),
  )?.[1];
  if (windowsId) {
    throw invalid(
      'timezone',
      `"${timezone}" is an IANA time zone; Windows uses its own ids`,
      `Use --timezone "${windowsId}".`,
    );
  }
  // Rank ids by the distinctive words they share with the value ("Pacific Time" → "Pacific Standard Time").
  const words = timezone
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter((word) => word.length > 2 && !['standard', 'time', 'zone'].includes(word));
  const similar = known
    .map((id) => ({ id, score: words.filter((word) => id.toLowerCase().includes(word)).length }))
    .filter(({ score }) => score > 0)
    .sort((a, b) => b.score - a.score)
    .slice(0, 5)
    .map(({ id }) => id);
  throw invalid(
    'timezone',
    `"${timezone}" is not a Windows time zone id`,
    similar.length > 0
      ? `Did you mean ${similar.map((id) => `"${id}"`).join(', ')}? (tzutil /l on Windows lists them all.)`
      : 'e.g. --timezone UTC or "W. Europe Standard Time" (tzutil /l on Windows lists them all).',
  );
}

function checkUsername(username: string, hostname: string): void {
  const hint = 'Choose a local account name of 1 to 20 characters, e.g. --username smolvm.';
  if (username.trim() === '') throw invalid('username', 'must not be empty', hint);
  if (username.length > LIMITS.maxUsernameLength) {
    throw invalid('username', `"${username}" is longer than ${LIMITS.maxUsernameLength} characters`, hint);
  }
  const forbidden = username.match(USERNAME_FORBIDDEN);
  if (forbidden || CONTROL_CHARACTERS.test(username)) {
    throw invalid(
      'username',
      `"${username}" contains ${forbidden ? `"${forbidden[0]}"` : 'a control character'}, which Windows forbids in user names`,
      'Leave out " / \\ [ ] : ; | = , + * ? < > @ and control characters.',
    );
  }
  if (/^[. ]+$/.test(username) || username.endsWith('.')) {
    throw invalid('username', `"${username}" may not consist of dots and spaces or end with a dot`, hint);
  }
  if (RESERVED_USERNAMES.includes(username.toLowerCase())) {
    throw invalid(
      'username',
      `"${username}" is a name Windows reserves for a built-in account or device`,
      'The account this tool creates is already a member of Administrators: pick another name, e.g. --username smolvm.',
    );
  }
  if (username.toLowerCase() === hostname.toLowerCase()) {
    throw invalid(
      'username',
      `"${username}" is the same as the computer name`,
      'Windows cannot tell the account from the machine then: change --username or --hostname.',
    );
  }
}

function checkPassword(password: string): void {
  if (password === '') {
    throw invalid(
      'password',
      'must not be empty',
      'Windows refuses network (SSH) logons with a blank password, so the build could not check the guest. Pass a password; it is only used inside the build VM and never logged.',
    );
  }
  if (password.length > LIMITS.maxPasswordLength) {
    throw invalid(
      'password',
      `is longer than ${LIMITS.maxPasswordLength} characters`,
      'Use a shorter password.',
    );
  }
  if (CONTROL_CHARACTERS.test(password)) {
    throw invalid(
      'password',
      'contains a control character (newline, tab, …)',
      'Use printable characters only.',
    );
  }
}

function checkHostname(hostname: string): void {
  const hint = 'Use 1 to 15 letters, digits and hyphens, not only digits, e.g. --hostname smolvm-win.';
  if (hostname === '') throw invalid('hostname', 'must not be empty', hint);
  if (hostname.length > LIMITS.maxHostnameLength) {
    throw invalid('hostname', `"${hostname}" is longer than 15 characters (the NetBIOS limit)`, hint);
  }
  if (!/^[A-Za-z0-9-]+$/.test(hostname)) {
    throw invalid('hostname', `"${hostname}" has characters a Windows computer name may not have`, hint);
  }
  if (/^\d+$/.test(hostname)) throw invalid('hostname', `"${hostname}" is only digits`, hint);
  if (hostname.startsWith('-') || hostname.endsWith('-')) {
    throw invalid('hostname', `"${hostname}" starts or ends with a hyphen`, hint);
  }
}

/** Advice that does not stop the build: small disks and memory are fine for tests, not for Windows. */
export function optionWarnings(options: BuildOptions, target: { minDiskMiB: number }): string[] {
  const warnings: string[] = [];
  const minDiskMiB = target.minDiskMiB;
  if (options.diskSizeMiB < minDiskMiB) {
    warnings.push(
      `--disk-size ${options.diskSizeMiB} MiB is below the ${minDiskMiB} MiB this Windows version expects; Setup may refuse the disk or run out of space.`,
    );
  }
  if (options.memoryMiB < 2048) {
    warnings.push(`--memory ${options.memoryMiB} MiB is below the 2048 MiB Windows Setup needs to run well.`);
  }
  if (options.accel === 'tcg') {
    warnings.push(
      '--accel tcg emulates the CPU in software: fine for tests, far too slow for a real Windows install.',
    );
  }
  return warnings;
}
