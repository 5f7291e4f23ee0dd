import { type Logger } from '../log.js';
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
    /** Passed on to downloadVerified. */
    download?: Pick<DownloadOptions, 'stallTimeoutMs' | 'attempts' | 'retryDelayMs' | 'progressIntervalMs'>;
}
export interface CachedDownloadResult {
    path: string;
    sha256: string;
    /** True when nothing was downloaded. */
    cacheHit: boolean;
    /** local: a verified copy was already there; cache: restored from the Actions cache; download: fetched. */
    source: 'local' | 'cache' | 'download';
}
/** Is the Actions cache service reachable from here (inside a job, with its token)? */
export declare function isCacheConfigured(): boolean;
/**
 * `<prefix>-sha256-<sha256>` when the checksum is pinned, else `<prefix>-url-<sha256 of the URL>`, the URL
 * without user info and query (see urlIdentity).
 */
export declare function cacheKey(prefix: string, url: string, sha256?: string): string;
export declare function cachedDownload(options: CachedDownloadOptions): Promise<CachedDownloadResult>;
