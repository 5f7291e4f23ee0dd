import { type CachedDownloadResult } from '../deps/cached-download.js';
import type { ContentKind } from '../deps/content-check.js';
import type { LocalChecksum, RemoteFile } from './inputs.js';
/** Downloads `remote` to `target` through the Actions cache (saved later, after preflight). */
export declare function fetchMedium(remote: RemoteFile, target: string, prefix: string, content: ContentKind, signal: AbortSignal): Promise<CachedDownloadResult>;
/** A file on the runner must be the one its `*-sha256` input pins. */
export declare function verifyLocalFile({ file, sha256, input }: LocalChecksum): Promise<void>;
/** Where a redirect chain may lead for keying and downloading: never from https down to plain http. Pure. */
export declare function resolvedUrl(original: string, resolved: string): string;
