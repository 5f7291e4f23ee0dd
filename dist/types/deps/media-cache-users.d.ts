/** A process: its pid and, where /proc tells, when it started (clock ticks since boot). */
export interface Holder {
    pid: number;
    start?: string;
}
export declare function currentHolder(): Holder;
/** `pid start`, or `pid` alone without /proc. Pure. */
export declare function holderText({ pid, start }: Holder): string;
/** Pure. */
export declare function parseHolder(text: string): Holder | undefined;
/** Is that process still running (and the same one, where its start time was recorded)? */
export declare function isRunning({ pid, start }: Holder): boolean;
/**
 * Runs `fn` holding DIR/lock (created exclusively; a dead holder's lock is taken over). Waits at most
 * `waitMs` for a live holder, then throws.
 */
export declare function withLock<T>(dir: string, fn: () => Promise<T>, waitMs?: number): Promise<T>;
/** Marks `sha256` as used by this process: users/SHA256.RANDOM holds the holder. Returns the file. */
export declare function addUser(dir: string, sha256: string): Promise<string>;
/** The sha256s some running process uses; the files of processes that are gone are removed. */
export declare function filesInUse(dir: string): Promise<Set<string>>;
