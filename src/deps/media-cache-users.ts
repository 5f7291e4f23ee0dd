/**
 * Who holds what in a media cache directory, by process: a lock file for changing the index, and one file per
 * job using a cached file (users/), so that eviction by another job on the same machine never removes it. A
 * process is named by its pid and its start time (/proc/PID/stat), so a crashed job's files, or a pid reused
 * since, hold nothing: nothing has to be cleaned up for the cache to go on working.
 */
import { randomBytes } from 'node:crypto';
import {} from 'node:fs';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { BuildError } from '../errors.js';
import { isAlive, processStartTime } from '../tools/process-identity.js';

/** A process: its pid and, where /proc tells, when it started (clock ticks since boot). */
export interface Holder {
  pid: number;
  start?: string;
}

export function currentHolder(): Holder {
  return { pid: process.pid, start: processStartTime(process.pid) };
}

/** `pid start`, or `pid` alone without /proc. Pure. */
export function holderText({ pid, start }: Holder): string {
  return start ? `${pid} ${start}` : String(pid);
}

/** Pure. */
export function parseHolder(text: string): Holder | undefined {
  const match = /^(\d+)(?: (\d+))?\s*$/.exec(text);
  return match ? { pid: Number(match[1]), start: match[2] } : undefined;
}

/** Is that process still running (and the same one, where its start time was recorded)? */
export function isRunning({ pid, start }: Holder): boolean {
  return isAlive({ pid, startTime: start });
}

/**
 * Runs `fn` holding DIR/lock (created exclusively; a dead holder's lock is taken over). Waits at most
 * `waitMs` for a live holder, then throws.
 */
export async function withLock<T>(dir: string, fn: () => Promise<T>, waitMs = 30 * 60_000): Promise<T> {
  const lock = path.join(dir, 'lock');
  const me = holderText(currentHolder());
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      await writeFile(lock, me, { flag: 'wx', mode: 0o600 });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = parseHolder(await readFile(lock, 'utf8').catch(() => ''));
    // An unreadable or empty lock is one being written this instant, or a torn one: only age tells.
    const stale = holder
      ? !isRunning(holder)
      : await stat(lock).then(
          (s) => Date.now() - s.mtimeMs > 60_000,
          () => false,
        );
    if (stale) {
      await rm(lock, { force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new BuildError('timeout', `The media cache ${dir} stayed locked by process ${holder?.pid}`, {
        hint: `Another job on this machine holds ${lock}; if no job is running, remove that file.`,
      });
    }
    await sleep(200);
  }
  try {
    return await fn();
  } finally {
    await rm(lock, { force: true });
  }
}

/** Marks `sha256` as used by this process: users/SHA256.RANDOM holds the holder. Returns the file. */
export async function addUser(dir: string, sha256: string): Promise<string> {
  const users = path.join(dir, 'users');
  await mkdir(users, { recursive: true, mode: 0o700 });
  const file = path.join(users, `${sha256}.${randomBytes(4).toString('hex')}`);
  await writeFile(file, holderText(currentHolder()), { mode: 0o600 });
  return file;
}

/** The sha256s some running process uses; the files of processes that are gone are removed. */
export async function filesInUse(dir: string): Promise<Set<string>> {
  const users = path.join(dir, 'users');
  const inUse = new Set<string>();
  const names = await readdir(users).catch(() => [] as string[]);
  for (const name of names) {
    const file = path.join(users, name);
    const holder = parseHolder(await readFile(file, 'utf8').catch(() => ''));
    if (holder && isRunning(holder)) inUse.add(name.split('.')[0]!);
    else if (holder) await rm(file, { force: true });
  }
  return inUse;
}
