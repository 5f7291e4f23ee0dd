import type { BuildOptions } from '../bake/options.js';
import { type ActionSettings, type LocalChecksum } from './inputs.js';
import { type BuiltImage } from './summary.js';
export declare function runMain(signal: AbortSignal): Promise<void>;
/**
 * A built image: its outputs first (a later `if: always()` step needs image-path even when the upload
 * fails), then the artifact and the summary. A failure here says where the image is and how to keep it.
 */
export declare function publishImage(result: BuiltImage, settings: ActionSettings, options: BuildOptions): Promise<void>;
/** A file on the runner must be the one its `*-sha256` input pins. */
export declare function verifyLocalFile({ file, sha256, input }: LocalChecksum): Promise<void>;
/** The URL a HEAD request ends at after redirects; the URL itself when that cannot be found out. */
export declare function resolveRedirects(url: string, signal: AbortSignal): Promise<string>;
/** Where a redirect chain may lead for keying and downloading: never from https down to plain http. Pure. */
export declare function resolvedUrl(original: string, resolved: string): string;
