export interface EvictLimits {
    /** Keep at most this many bases. */
    keepNewest?: number;
    /** Keep the bases' total size at most this. */
    maxBytes?: number;
    /** The build lock's staleness (build-lock.ts). */
    lockStaleMs?: number;
}
export interface EvictedBase {
    key: string;
    sizeBytes: number;
    lastUsedAt: string;
}
/** Bytes of the files under `dir`. */
export declare function directoryBytes(dir: string): number;
export declare function evictBases(cacheDir: string, limits: EvictLimits): Promise<EvictedBase[]>;
