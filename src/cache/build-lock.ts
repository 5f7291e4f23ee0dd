/**
 * locks/KEY.lock: held while a build makes the base for KEY, so a second build of the same key waits and
 * then finds the first one's base instead of installing Windows twice. proper-lockfile keeps the lock's
 * mtime fresh while the holder lives; a lock not refreshed for `staleMs` (its holder died) is taken over.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import { BuildError } from '../errors.js';

export interface LockOptions {
  signal?: AbortSignal;
  /** How long to wait for another build's lock before failing. */
  timeoutMs: number;
  /** A lock not refreshed for this long belongs to a dead process (proper-lockfile's minimum is 2000). */
  staleMs?: number;
  /** How often to try again while another build holds the lock. */
  pollMs?: number;
  /** Called once when another build holds the lock, before waiting (to log why the build pauses). */
  onWait?: () => void;
}

export const DEFAULT_STALE_MS = 30_000;

export function lockPaths(cacheDir: string, key: string): { target: string; lockfilePath: string } {
  const dir = path.join(cacheDir, 'locks');
  return { target: path.join(dir, key), lockfilePath: path.join(dir, `${key}.lock`) };
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(cancelled());
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(cancelled());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

const cancelled = () =>
  new BuildError('cancelled', 'Stopped waiting for the base cache lock: the build was cancelled');

/** Takes the build lock for `key`, waiting for another holder up to timeoutMs; resolves to its release. */
export async function takeBuildLock(
  cacheDir: string,
  key: string,
  options: LockOptions,
): Promise<() => Promise<void>> {
  const { target, lockfilePath } = lockPaths(cacheDir, key);
  mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
  const stale = Math.max(2000, options.staleMs ?? DEFAULT_STALE_MS);
  const deadline = Date.now() + options.timeoutMs;
  let waiting = false;
  for (;;) {
    if (options.signal?.aborted) throw cancelled();
    try {
      const release = await lockfile.lock(target, {
        lockfilePath,
        realpath: false,
        stale,
        retries: 0,
        // A lock lost while held (its mtime could not be kept fresh) only costs a duplicate install: the
        // store's rename keeps whichever base lands first. Never throw from a timer.
        onCompromised: () => undefined,
      });
      return async () => {
        await release().catch(() => undefined);
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
    }
    if (!waiting) options.onWait?.();
    waiting = true;
    const left = deadline - Date.now();
    if (left <= 0) {
      throw new BuildError('timeout', `Another build kept the base cache lock ${lockfilePath} too long`, {
        hint: 'Another bake of the same base is still installing Windows; wait for it, or remove the lock directory if no build is running.',
      });
    }
    await abortableSleep(Math.min(options.pollMs ?? 1000, left), options.signal);
  }
}

/** True while a live build holds the lock for `key`. */
export async function isLocked(cacheDir: string, key: string, staleMs = DEFAULT_STALE_MS): Promise<boolean> {
  const { target, lockfilePath } = lockPaths(cacheDir, key);
  return lockfile.check(target, { lockfilePath, realpath: false, stale: Math.max(2000, staleMs) });
}
