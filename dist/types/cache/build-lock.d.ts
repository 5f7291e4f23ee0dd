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
export declare const DEFAULT_STALE_MS = 30000;
export declare function lockPaths(cacheDir: string, key: string): {
    target: string;
    lockfilePath: string;
};
/** Takes the build lock for `key`, waiting for another holder up to timeoutMs; resolves to its release. */
export declare function takeBuildLock(cacheDir: string, key: string, options: LockOptions): Promise<() => Promise<void>>;
/** True while a live build holds the lock for `key`. */
export declare function isLocked(cacheDir: string, key: string, staleMs?: number): Promise<boolean>;
