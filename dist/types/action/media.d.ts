import { type CachedDownloadResult } from '../deps/cached-download.js';
import type { ContentKind } from '../deps/content-check.js';
import type { MediaCache } from '../deps/media-cache.js';
import type { LocalChecksum, RemoteFile } from './inputs.js';
/** Where a medium came from: the runner's own media cache, the Actions cache, the network, or runner.temp. */
export type MediumOrigin = 'local media cache' | 'Actions cache' | 'download' | 'runner.temp';
/** What the job summary and the log say about one medium. */
export interface MediumReport {
    name: string;
    origin: MediumOrigin;
    /** The file's size when it came over the network (restored or downloaded), else 0. */
    bytesTransferred: number;
}
export interface FetchedMedium extends CachedDownloadResult, MediumReport {
    /** Adds the fetched file to the local media cache; there only on a local miss. Never rejects. */
    keepLocally?: () => Promise<void>;
}
/**
 * Puts `remote` at `target`: from `localCache` when it holds it (0 bytes transferred, the Actions cache not
 * asked), else downloaded through the Actions cache (saved later, after preflight, like the local copy).
 */
export declare function fetchMedium(remote: RemoteFile, target: string, prefix: string, content: ContentKind, signal: AbortSignal, localCache?: MediaCache): Promise<FetchedMedium>;
/** Bytes that came over the network for these media (the media-bytes-transferred output). Pure. */
export declare function bytesTransferred(media: readonly MediumReport[]): number;
/** A file on the runner must be the one its `*-sha256` input pins. */
export declare function verifyLocalFile({ file, sha256, input }: LocalChecksum): Promise<void>;
/** Where a redirect chain may lead for keying and downloading: never from https down to plain http. Pure. */
export declare function resolvedUrl(original: string, resolved: string): string;
