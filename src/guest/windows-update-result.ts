/**
 * A Windows Update round's result.json (notes/nightly-baseline.md), read and checked, and what the host
 * does next: done, reboot and go on, another round, or fail the build. Pure.
 */

export interface UpdateEntry {
  kb: string;
  title: string;
  sizeBytes: number;
}

export interface InstallEntry extends UpdateEntry {
  /** The agent's result: succeeded, succeededWithErrors, failed, aborted, … */
  result: string;
  /** `0x` and eight hex digits. */
  hresult: string;
}

export interface ExcludedEntry extends UpdateEntry {
  /** Which filter: kb, title, preview. */
  reason: string;
}

export interface WindowsUpdateResult {
  round: number;
  installed: InstallEntry[];
  failed: InstallEntry[];
  excluded: ExcludedEntry[];
  rebootRequired: boolean;
  remaining: number;
  error: string | null;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function field<T>(object: Json, name: string, where: string, check: (v: unknown) => v is T, what: string): T {
  const value = object[name];
  if (!check(value))
    throw new Error(`${where}.${name} is not ${what}: ${JSON.stringify(value) ?? 'missing'}`);
  return value;
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const isBoolean = (v: unknown): v is boolean => typeof v === 'boolean';
const isStringOrNull = (v: unknown): v is string | null => v === null || typeof v === 'string';

function entries<T>(object: Json, name: string, read: (item: Json, where: string) => T): T[] {
  const list = object[name] ?? [];
  if (!Array.isArray(list)) throw new Error(`${name} is not a list: ${JSON.stringify(list)}`);
  return list.map((item: unknown, i) => {
    const where = `${name}[${i}]`;
    if (!isObject(item)) throw new Error(`${where} is not an object: ${JSON.stringify(item)}`);
    return read(item, where);
  });
}

function updateEntry(item: Json, where: string): UpdateEntry {
  return {
    kb: field(item, 'kb', where, isString, 'a string'),
    title: field(item, 'title', where, isString, 'a string'),
    sizeBytes: field(item, 'sizeBytes', where, isCount, 'a byte count'),
  };
}

function installEntry(item: Json, where: string): InstallEntry {
  return {
    ...updateEntry(item, where),
    result: field(item, 'result', where, isString, 'a string'),
    hresult: field(
      item,
      'hresult',
      where,
      (v): v is string => isString(v) && /^0x[0-9A-Fa-f]{8}$/.test(v),
      'an HRESULT (0x and 8 hex digits)',
    ),
  };
}

function excludedEntry(item: Json, where: string): ExcludedEntry {
  return { ...updateEntry(item, where), reason: field(item, 'reason', where, isString, 'a string') };
}

/**
 * result.json's text as written by the round script (UTF-8, a byte order mark tolerated). Throws an Error
 * that says what is wrong when the text is no JSON or not of the result's shape.
 */
export function parseWindowsUpdateResult(text: string): WindowsUpdateResult {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    const start = JSON.stringify(text.slice(0, 80));
    throw new Error(
      `The Windows Update result is not JSON (${(error as Error).message}); it starts ${start}`,
    );
  }
  if (!isObject(data))
    throw new Error(`The Windows Update result is not an object: ${JSON.stringify(data)?.slice(0, 80)}`);
  try {
    return {
      round: field(data, 'round', 'result', (v): v is number => isCount(v) && v >= 1, 'a round number'),
      installed: entries(data, 'installed', installEntry),
      failed: entries(data, 'failed', installEntry),
      excluded: entries(data, 'excluded', excludedEntry),
      rebootRequired: field(data, 'rebootRequired', 'result', isBoolean, 'true or false'),
      remaining: field(data, 'remaining', 'result', isCount, 'a count'),
      error: field(data, 'error', 'result', isStringOrNull, 'a message or null'),
    };
  } catch (error) {
    throw new Error(`The Windows Update result is malformed: ${(error as Error).message}`);
  }
}

export type RoundDecision =
  { kind: 'done' } | { kind: 'reboot' } | { kind: 'again' } | { kind: 'failed'; message: string };

function describeFailed(entry: InstallEntry): string {
  return `${entry.kb || '(no KB)'} ${entry.title} (${entry.result}, ${entry.hresult})`;
}

/**
 * What follows a round. `history` holds the rounds before this one (their count is what maxRounds
 * bounds, with this one). Failed updates and a round that failed fail the build; a required reboot
 * reboots, unless that was the last round allowed; nothing installed with updates left means the rounds
 * are stuck; nothing installed and nothing left is done; installed without a reboot and more left:
 * another round.
 */
export function afterRound(
  history: readonly WindowsUpdateResult[],
  result: WindowsUpdateResult,
  options: { maxRounds: number },
): RoundDecision {
  const rounds = history.length + 1;
  if (result.error !== null) {
    return { kind: 'failed', message: `Windows Update round ${rounds} failed: ${result.error}` };
  }
  if (result.failed.length > 0) {
    const list = result.failed.map(describeFailed).join('; ');
    return {
      kind: 'failed',
      message: `Windows Update could not install ${result.failed.length} update(s): ${list}`,
    };
  }
  if (result.rebootRequired) {
    if (rounds >= options.maxRounds) {
      return { kind: 'failed', message: `Windows Update still needs a reboot after ${rounds} rounds` };
    }
    return { kind: 'reboot' };
  }
  if (result.installed.length === 0) {
    if (result.remaining > 0) {
      return {
        kind: 'failed',
        message: `Windows Update is stuck: round ${rounds} installed nothing and ${result.remaining} update(s) remain`,
      };
    }
    return { kind: 'done' };
  }
  if (result.remaining > 0) {
    if (rounds >= options.maxRounds) {
      return {
        kind: 'failed',
        message: `Windows Update still has ${result.remaining} update(s) to install after ${rounds} rounds`,
      };
    }
    return { kind: 'again' };
  }
  // Installed everything it found, no reboot asked for: one more search shows whether more came up.
  if (rounds >= options.maxRounds) return { kind: 'done' };
  return { kind: 'again' };
}
