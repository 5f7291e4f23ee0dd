/**
 * The build's two limits on every wait: its deadline (--build-timeout, counted from the start, less the time
 * it waited for room on the host) and cancellation (SIGINT/SIGTERM in the CLI, a cancelled job in the action).
 */
import { BuildError } from '../errors.js';
import type { BuildContext } from './context.js';
export declare function cancelledError(signal: AbortSignal): BuildError;
/**
 * Time spent waiting for room on the host (admission) is not the build's: its deadline moves later by it,
 * so a build admitted after a neighbour's 35 minutes still has all of --build-timeout for Setup.
 */
export declare function excludeWait(context: Pick<BuildContext, 'deadline' | 'waitedForRoomMs'>, waitedMs: number): void;
/** The build ran out of time while doing `what`; `detail` adds what was seen (reboots, serial lines). */
export declare function timeoutError(context: BuildContext, what: string, detail?: string): BuildError;
export declare function remainingMs(context: BuildContext): number;
/**
 * Waits for `promise` at most `ms`: resolves to its value, or to `undefined` when `ms` passed first.
 * Rejects when the build is cancelled or its deadline passes first (with `timeoutError(context, what)`).
 */
export declare function waitWithin<T>(context: BuildContext, promise: Promise<T>, ms: number, what: string): Promise<T | undefined>;
/** Waits `ms` (a poll's pause); rejects when the build is cancelled or its deadline passes first. */
export declare function pause(context: BuildContext, ms: number, what: string): Promise<void>;
