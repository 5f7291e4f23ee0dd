import { type Logger } from '../log.js';
import { type ContentKind } from './content-check.js';
export interface DownloadOptions {
    url: string;
    /** Expected sha256 (64 hex digits, optionally prefixed "sha256:"); a mismatch fails the download. */
    sha256?: string;
    dest: string;
    logger: Logger;
    signal?: AbortSignal;
    /** An attempt fails when no bytes arrive for this long (default 60 s). */
    stallTimeoutMs?: number;
    /** Attempts in all, the first included (default 4). */
    attempts?: number;
    /** Wait before the first retry; doubled for each further one (default 2 s). */
    retryDelayMs?: number;
    /** At most one progress line per this interval (default 10 s). */
    progressIntervalMs?: number;
    /** Default 10. */
    maxRedirects?: number;
    /**
     * An attempt fails (and is retried) when less than `bytesPerSecond` on average arrived in a window of
     * `windowMs`: a trickle that never stalls would otherwise hold the job for hours. Default 50 KiB/s over 5 min.
     */
    minRate?: MinRate;
    /** What the file must be (checked before it is renamed into place); unchecked when not given. */
    content?: ContentKind;
}
export interface MinRate {
    windowMs: number;
    bytesPerSecond: number;
}
export declare const DEFAULT_MIN_RATE: MinRate;
export interface DownloadResult {
    path: string;
    /** sha256 of the file, lowercase hex. */
    sha256: string;
    size: number;
}
/** Lowercase hex of a sha256 given as hex or "sha256:hex"; a BuildError names the malformed value. */
export declare function normalizeSha256(value: string, what?: string): string;
export declare function downloadVerified(options: DownloadOptions): Promise<DownloadResult>;
