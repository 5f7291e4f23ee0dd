/**
 * The Actions cache calls, each with a bound on the wait: a stalled cache service otherwise holds a job for a
 * quarter of an hour per call, and does not hear a cancel. A lookup that runs out of time is a miss, a save
 * that does is skipped, both with a warning; a cancel (the signal) stops the wait at once. The client's own
 * requests cannot be cancelled: an abandoned call finishes, or fails, in the background.
 */
import * as cache from '@actions/cache';
import { BuildError } from '../errors.js';
import { formatDuration, type Logger } from '../log.js';

export interface CacheBudget {
  /** How long a lookup (the service's answer, no transfer) may take: default 2 min. */
  lookupMs?: number;
  /** How long restoring a found entry (download and unpack) may take: default 30 min. */
  transferMs?: number;
  /** How long to wait, at the end, for a save still running: default 2 min. */
  saveMs?: number;
}

export const DEFAULT_CACHE_BUDGET: Required<CacheBudget> = {
  lookupMs: 2 * 60_000,
  transferMs: 30 * 60_000,
  saveMs: 2 * 60_000,
};

/** Resolves to the promise's value, or to `timedOut` when `ms` passed first; rejects on cancel. */
export async function withinBudget<T, U>(
  promise: Promise<T>,
  ms: number,
  timedOut: U,
  signal: AbortSignal | undefined,
  what: string,
): Promise<T | U> {
  const cancelled = (): BuildError =>
    new BuildError('cancelled', `Waiting for the Actions cache (${what}) was cancelled`, {
      hint: 'Nothing was saved or restored; run the job again when ready.',
    });
  if (signal?.aborted) throw cancelled();
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<U>((resolve, reject) => {
        timer = setTimeout(() => resolve(timedOut), ms);
        onAbort = () => reject(cancelled());
        signal?.addEventListener('abort', onAbort, { once: true });
      }),
    ]);
  } finally {
    clearTimeout(timer);
    if (onAbort) signal?.removeEventListener('abort', onAbort);
  }
}

const TIMED_OUT = Symbol('timed out');

/** Looks `key` up, then restores it into `paths`: true on a hit that was restored. */
export async function restoreEntry(
  paths: string[],
  key: string,
  logger: Logger,
  signal: AbortSignal | undefined,
  budget: CacheBudget = {},
): Promise<boolean> {
  const { lookupMs, transferMs } = { ...DEFAULT_CACHE_BUDGET, ...budget };
  const started = Date.now();
  // A lookup first: it alone can be bounded tightly, a multi-GB transfer cannot.
  const found = await withinBudget(
    call(() => cache.restoreCache(paths, key, undefined, { lookupOnly: true }), logger, key),
    lookupMs,
    TIMED_OUT,
    signal,
    `looking up ${key}`,
  );
  if (found === TIMED_OUT) {
    logger.warn(
      `The Actions cache did not answer the lookup of ${key} within ${formatDuration(lookupMs)}: ` +
        'taken as a miss, downloading.',
    );
    return false;
  }
  if (found === undefined) {
    logger.debug(`Cache lookup for ${key}: miss (${formatDuration(Date.now() - started)})`);
    return false;
  }
  const restored = await withinBudget(
    call(() => cache.restoreCache(paths, key), logger, key),
    transferMs,
    TIMED_OUT,
    signal,
    `restoring ${key}`,
  );
  if (restored === TIMED_OUT) {
    logger.warn(
      `Restoring ${key} from the Actions cache took more than ${formatDuration(transferMs)}: ` +
        'taken as a miss, downloading.',
    );
    return false;
  }
  logger.debug(
    `Cache restore of ${key}: ${restored ? 'hit' : 'miss'} (${formatDuration(Date.now() - started)})`,
  );
  return restored !== undefined;
}

/** restoreCache reports service failures as a warning and a miss; it throws only on invalid input. */
async function call(
  restore: () => Promise<string | undefined>,
  logger: Logger,
  key: string,
): Promise<string | undefined> {
  try {
    return await restore();
  } catch (error) {
    logger.warn(`Could not look up ${key} in the Actions cache: ${String(error)}`);
    return undefined;
  }
}

/** A save under way; `wait` bounds how long the job waits for it (from the call of `wait`, not the start). */
export interface RunningSave {
  wait(signal: AbortSignal | undefined, ms?: number): Promise<void>;
}

/** Starts saving `paths` under `key` now; never rejects (a failed save is a warning). */
export function startSave(paths: string[], key: string, fileName: string, logger: Logger): RunningSave {
  const started = Date.now();
  const done = (async () => {
    try {
      // saveCache does not throw when the upload fails: it logs a warning and returns -1.
      const id = await cache.saveCache(paths, key);
      if (id === -1) {
        logger.warn(
          `Could not save ${fileName} to the Actions cache (key ${key}); the next run downloads it again ` +
            `unless another job saved it first. The cache client's message above says why.`,
        );
      } else {
        logger.info(
          `Saved ${fileName} to the Actions cache (key ${key}) in ${formatDuration(Date.now() - started)}`,
        );
      }
    } catch (error) {
      logger.warn(`Could not save ${fileName} to the Actions cache (key ${key}): ${String(error)}`);
    }
  })();
  return {
    async wait(signal, ms = DEFAULT_CACHE_BUDGET.saveMs) {
      const result = await withinBudget(done, ms, TIMED_OUT, signal, `saving ${key}`);
      if (result === TIMED_OUT) {
        logger.warn(
          `Saving ${fileName} to the Actions cache (key ${key}) did not finish within ${formatDuration(ms)} ` +
            'more: skipped, the next run downloads it again.',
        );
      }
    },
  };
}
