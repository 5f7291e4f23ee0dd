/**
 * The build's two limits on every wait: its deadline (--build-timeout, counted from the start, less the time
 * it waited for room on the host) and cancellation (SIGINT/SIGTERM in the CLI, a cancelled job in the action).
 */
import { BuildError } from '../errors.js';
import type { BuildContext } from './context.js';

export function cancelledError(signal: AbortSignal): BuildError {
  const reason =
    signal.reason instanceof Error ? signal.reason.message : String(signal.reason ?? 'cancelled');
  return new BuildError('cancelled', `The build was cancelled (${reason})`, {
    hint: 'Nothing was left behind; run it again when ready.',
  });
}

/**
 * Time spent waiting for room on the host (admission) is not the build's: its deadline moves later by it,
 * so a build admitted after a neighbour's 35 minutes still has all of --build-timeout for Setup.
 */
export function excludeWait(
  context: Pick<BuildContext, 'deadline' | 'waitedForRoomMs'>,
  waitedMs: number,
): void {
  context.deadline += waitedMs;
  context.waitedForRoomMs = (context.waitedForRoomMs ?? 0) + waitedMs;
}

/** The build ran out of time while doing `what`; `detail` adds what was seen (reboots, serial lines). */
export function timeoutError(context: BuildContext, what: string, detail = ''): BuildError {
  const waited = context.waitedForRoomMs ?? 0;
  const notCounted =
    waited > 0 ? ` (not counting ${Math.round(waited / 1000)} s waiting for room on the host)` : '';
  return new BuildError(
    'timeout',
    `The build timed out after ${Math.round((context.deadline - context.startedAt - waited) / 1000)} s${notCounted} while ${what}${detail}`,
    {
      hint: 'Raise --build-timeout if the host is slow; otherwise the failure bundle shows where the guest stopped (its last screenshot, the serial log, the guest logs).',
    },
  );
}

export function remainingMs(context: BuildContext): number {
  return Math.max(0, context.deadline - Date.now());
}

/**
 * Waits for `promise` at most `ms`: resolves to its value, or to `undefined` when `ms` passed first.
 * Rejects when the build is cancelled or its deadline passes first (with `timeoutError(context, what)`).
 */
export async function waitWithin<T>(
  context: BuildContext,
  promise: Promise<T>,
  ms: number,
  what: string,
): Promise<T | undefined> {
  const { signal } = context;
  if (signal.aborted) throw cancelledError(signal);
  const remaining = remainingMs(context);
  const bound = Math.min(ms, remaining);
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<undefined>((resolve, reject) => {
        timer = setTimeout(() => {
          if (bound < ms) reject(timeoutError(context, what));
          else resolve(undefined);
        }, bound);
        onAbort = () => reject(cancelledError(signal));
        signal.addEventListener('abort', onAbort, { once: true });
      }),
    ]);
  } finally {
    clearTimeout(timer);
    if (onAbort) signal.removeEventListener('abort', onAbort);
  }
}

/** Waits `ms` (a poll's pause); rejects when the build is cancelled or its deadline passes first. */
export async function pause(context: BuildContext, ms: number, what: string): Promise<void> {
  await waitWithin(context, new Promise<void>((resolve) => setTimeout(resolve, ms)), ms + 1, what);
}
