import { type LocalChecksum } from './inputs.js';
export declare function runMain(signal: AbortSignal): Promise<void>;
/** A file on the runner must be the one its `*-sha256` input pins. */
export declare function verifyLocalFile({ file, sha256, input }: LocalChecksum): Promise<void>;
/** The URL a HEAD request ends at after redirects; the URL itself when that cannot be found out. */
export declare function resolveRedirects(url: string, signal: AbortSignal): Promise<string>;
/** Where a redirect chain may lead for keying and downloading: never from https down to plain http. Pure. */
export declare function resolvedUrl(original: string, resolved: string): string;
