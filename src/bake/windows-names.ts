/**
 * What Windows accepts as a user name, password, computer name and time zone. Setup would take a bad value
 * and fail much later (or only show it on the VM's screen), so validateOptions checks them up front.
 */
import { IANA_TO_WINDOWS, WINDOWS_TIME_ZONES } from '../unattend/time-zones.js';
import type { OptionNames } from './option-naming.js';
import { DEFAULTS, LIMITS } from './options.js';

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
export const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

export function checkUsername(username: string, hostname: string, names: OptionNames): void {
  const hint = `Choose a local account name of 1 to ${LIMITS.maxUsernameLength} characters, e.g. ${names.setting('username', DEFAULTS.username)}.`;
  if (username.trim() === '') throw names.invalid('username', 'must not be empty', hint);
  if (username.length > LIMITS.maxUsernameLength) {
    throw names.invalid(
      'username',
      `"${username}" is longer than ${LIMITS.maxUsernameLength} characters`,
      hint,
    );
  }
  const forbidden = username.match(USERNAME_FORBIDDEN);
  if (forbidden || CONTROL_CHARACTERS.test(username)) {
    throw names.invalid(
      'username',
      `"${username}" contains ${forbidden ? `"${forbidden[0]}"` : 'a control character'}, which Windows forbids in user names`,
      'Leave out " / \\ [ ] : ; | = , + * ? < > @ and control characters.',
    );
  }
  if (/^[. ]+$/.test(username) || username.endsWith('.')) {
    throw names.invalid(
      'username',
      `"${username}" may not consist of dots and spaces or end with a dot`,
      hint,
    );
  }
  if (RESERVED_USERNAMES.includes(username.toLowerCase())) {
    throw names.invalid(
      'username',
      `"${username}" is a name Windows reserves for a built-in account or device`,
      `The account this tool creates is already a member of Administrators: pick another name, e.g. ${names.setting('username', DEFAULTS.username)}.`,
    );
  }
  if (username.toLowerCase() === hostname.toLowerCase()) {
    throw names.invalid(
      'username',
      `"${username}" is the same as the computer name`,
      `Windows cannot tell the account from the machine then: change ${names.name('username')} or ${names.name('hostname')}.`,
    );
  }
}

export function checkPassword(password: string, names: OptionNames): void {
  if (password === '') {
    throw names.invalid(
      'password',
      'must not be empty',
      names.naming === 'action'
        ? 'It is empty, not left out: a secret that is not set, misspelt, or not given to workflows from forks reads as empty. Check `password: ${{ secrets.NAME }}`; the build never falls back to the default then.'
        : 'Windows refuses network (SSH) logons with a blank password, so the build could not check the guest. Pass a password; it is only used inside the build VM and never logged.',
    );
  }
  if (password.length > LIMITS.maxPasswordLength) {
    throw names.invalid(
      'password',
      `is longer than ${LIMITS.maxPasswordLength} characters`,
      'Use a shorter password.',
    );
  }
  if (CONTROL_CHARACTERS.test(password)) {
    throw names.invalid(
      'password',
      'contains a control character (newline, tab, …)',
      'Use printable characters only.',
    );
  }
}

export function checkHostname(hostname: string, names: OptionNames): void {
  const max = LIMITS.maxHostnameLength;
  const hint = `Use 1 to ${max} letters, digits and hyphens, not only digits, e.g. ${names.setting('hostname', DEFAULTS.hostname)}.`;
  const invalid = (message: string) => names.invalid('hostname', message, hint);
  if (hostname === '') throw invalid('must not be empty');
  if (hostname.length > max)
    throw invalid(`"${hostname}" is longer than ${max} characters (the NetBIOS limit)`);
  if (!/^[A-Za-z0-9-]+$/.test(hostname)) {
    throw invalid(`"${hostname}" has characters a Windows computer name may not have`);
  }
  if (/^\d+$/.test(hostname)) throw invalid(`"${hostname}" is only digits`);
  if (hostname.startsWith('-') || hostname.endsWith('-')) {
    throw invalid(`"${hostname}" starts or ends with a hyphen`);
  }
}

/** Time zone ids Windows still has that CLDR no longer maps (kept for older answer files). */
const LEGACY_WINDOWS_TIME_ZONES = ['Mid-Atlantic Standard Time', 'Kamchatka Standard Time'];

/**
 * An unknown TimeZone fails Setup's specialize pass, which the build would only see as a timeout: check it
 * against CLDR's Windows ids here, and name the Windows id for an IANA name.
 */
export function checkTimeZone(timezone: string, names: OptionNames): void {
  const known = [...WINDOWS_TIME_ZONES, ...LEGACY_WINDOWS_TIME_ZONES];
  if (known.some((id) => id.toLowerCase() === timezone.toLowerCase())) return;
  const windowsId = Object.entries(IANA_TO_WINDOWS).find(
    ([iana]) => iana.toLowerCase() === timezone.trim().toLowerCase(),
  )?.[1];
  if (windowsId) {
    throw names.invalid(
      'timezone',
      `"${timezone}" is an IANA time zone; Windows uses its own ids`,
      `Use ${names.setting('timezone', windowsId)}.`,
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
  throw names.invalid(
    'timezone',
    `"${timezone}" is not a Windows time zone id`,
    similar.length > 0
      ? `Did you mean ${similar.map((id) => `"${id}"`).join(', ')}? (tzutil /l on Windows lists them all.)`
      : `e.g. ${names.setting('timezone', DEFAULTS.timezone)} or "W. Europe Standard Time" (tzutil /l on Windows lists them all).`,
  );
}
