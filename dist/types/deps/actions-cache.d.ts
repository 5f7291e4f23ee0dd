import { type Logger } from '../log.js';
export interface CacheBudget {
    /** How long a lookup (the service's answer, no transfer) may take: default 2 min. */
    lookupMs?: number;
    /** How long restoring a found entry (download and unpack) may take: default 30 min. */
    transferMs?: number;
    /** How long to wait, at the end, for a save still running: default 2 min. */
    saveMs?: number;
}
export declare const DEFAULT_CACHE_BUDGET: Required<CacheBudget>;
/** Resolves to the promise's value, or to `timedOut` when `ms` passed first; rejects on cancel. */
export declare function withinBudget<T, U>(promise: Promise<T>, ms: number, timedOut: U, signal: AbortSignal | undefined, what: string): Promise<T | U>;
/** Looks `key` up, then restores it into `paths`: true on a hit that was restored. */
export declare function restoreEntry(paths: string[], key: string, logger: Logger, signal: AbortSignal | undefined, budget?: CacheBudget): Promise<boolean>;
/** A save under way; `wait` bounds how long the job waits for it (from the call of `wait`, not the start). */
export interface RunningSave {
    wait(signal: AbortSignal | undefined, ms?: number): Promise<void>;
}
/** Starts saving `paths` under `key` now; never rejects (a failed save is a warning). */
export declare function startSave(paths: string[], key: string, fileName: string, logger: Logger): RunningSave;
