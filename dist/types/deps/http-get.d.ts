/**
 * One http(s) GET for a download: redirects followed (bounded, no https → http downgrade), a connection that
 * delivers nothing for `stallTimeoutMs` dropped, and every failure sorted into a TransientError (worth another
 * attempt) or a BuildError (final, with a hint). download.ts streams, verifies and retries on top of it.
 */
import http from 'node:http';
import { type Logger } from '../log.js';
export interface GetOptions {
    logger: Logger;
    signal?: AbortSignal;
    /** Fail when no bytes arrive for this long (default 60 s). */
    stallTimeoutMs?: number;
    /** Default 10. */
    maxRedirects?: number;
}
/** A failure worth another attempt. */
export declare class TransientError extends Error {
}
/** The URL without credentials or query string (signed URLs carry secrets there). */
export declare function displayUrl(url: string): string;
/**
 * What identifies a download for the cache: the URL without user info, query or fragment, so that a signed
 * URL (whose query changes on every run) or a token does not change the key, and never reaches it.
 */
export declare function urlIdentity(url: string): string;
/** The hint for a download that failed on the network; it names the proxy that Node's http does not use. */
export declare function networkHint(): string;
export interface Opened {
    request: http.ClientRequest;
    response: http.IncomingMessage;
    /** The error the stall timer destroyed the request with, if it did. */
    stalled: () => TransientError | undefined;
}
/** GETs `start`, following redirects, and resolves with a 200 response whose body is not yet read. */
export declare function httpGet(start: URL, options: GetOptions): Promise<Opened>;
/** Turns a low-level failure into a TransientError (retry) or a BuildError (give up). */
export declare function classify(error: unknown, signal: AbortSignal | undefined, url: URL, stalled: TransientError | undefined): Error;
