import type { Logger } from '../log.js';
import { type CacheBudget, type RunningSave } from './actions-cache.js';
import type { ContentKind } from './content-check.js';
import { type DownloadOptions } from './download.js';
export interface CachedDownloadOptions {
    url: string;
    /** Pinned sha256 of the file; without it the URL keys the cache and the sidecar verifies restores. */
    sha256?: string;
    /** Names the cache entry, e.g. "virtio-win". Changing it abandons old entries. */
    cacheKeyPrefix: string;
    /** Where the file goes; the same path on every run, or the cache misses (its version hashes the paths). */
    dir: string;
    fileName: string;
    logger: Logger;
    signal?: AbortSignal;
    /** What the file must be (checked before anything trusts or caches a download). */
    content?: ContentKind;
    /** Bounds on waiting for the cache service (see actions-cache.ts). */
    cacheBudget?: CacheBudget;
    /** Passed on to downloadVerified. */
    download?: Pick<DownloadOptions, 'stallTimeoutMs' | 'attempts' | 'retryDelayMs' | 'progressIntervalMs' | 'minRate'>;
}
export interface CachedDownloadResult {
    path: string;
    sha256: string;
    /** True when nothing was downloaded. */
    cacheHit: boolean;
    /** local: a verified copy was already there; cache: restored from the Actions cache; download: fetched. */
    source: 'local' | 'cache' | 'download';
    /**
     * Starts saving the download to the Actions cache; there only when it was downloaded and the cache can take
     * it. Call it once the file is accepted; `wait` on what it returns before the job ends.
     */
    save?: () => RunningSave;
}
/** Is the Actions cache service reachable from here (inside a job, with its token)? */
export declare function isCacheConfigured(): boolean;
/**
 * `<prefix>-sha256-<sha256>` when the checksum is pinned, else `<prefix>-url-<sha256 of the URL>`, the URL
 * without user info and query (see urlIdentity).
 */
export declare function cacheKey(prefix: string, url: string, sha256?: string): string;
/** Pure: the sidecar's text: sha256sum's line, and the URL as a comment line (sha256sum -c skips those). */
export declare function sidecarText(sha256: string, fileName: string, url: string): string;
/** Pure: the sha256 a sidecar records for `url`, or why it does not do that. */
export declare function readSidecar(text: string, url: string): {
    sha256: string;
} | {
    reason: string;
};
export declare function cachedDownload(options: CachedDownloadOptions): Promise<CachedDownloadResult>;
