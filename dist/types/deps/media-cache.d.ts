import { type Logger } from '../log.js';
export interface LocalHit {
    /** The cached file: read-only, never to be written. */
    path: string;
    sha256: string;
    size: number;
}
export declare class MediaCache {
    readonly dir: string;
    readonly maxBytes: number;
    private readonly logger;
    private readonly now;
    private readonly users;
    constructor(dir: string, maxBytes: number, logger: Logger, now?: () => Date);
    /** The cached file for `key` (and `sha256`, when pinned), marked as used by this process until release(). */
    lookup(key: string, sha256?: string): Promise<LocalHit | undefined>;
    /**
     * Adds `source`, which must hash to `sha256`, under `key` (a hardlink where it can, else a copy), then evicts
     * down to the limit. The source stays where it is.
     */
    add(key: string, source: string, sha256: string): Promise<void>;
    /** Ends this process's use of the files it looked up. */
    release(): Promise<void>;
    private fileOf;
    private prepare;
    /** Why the cached file is not `sha256`, or undefined when it is. Updates the memo after a full hash. */
    private check;
    /** Removes a file and every key that leads to it from the index and the disk. */
    private forget;
    /** Under the lock: the least recently used files beyond the limit, strays and dead jobs' temporary files. */
    private evict;
    private readIndex;
    private writeIndex;
}
