/**
 * The one HTTP stack for downloads: GET for the body, HEAD to find where a stable URL leads. Redirects are
 * followed (bounded, no https → http downgrade), a connection that delivers nothing for `stallTimeoutMs` is
 * dropped, and every failure is sorted into a TransientError (worth another attempt) or a BuildError (final,
 * with a hint). Requests go through HTTPS_PROXY / HTTP_PROXY unless NO_PROXY (or lower case) exempts the host:
 * @actions/http-client's rules and tunnelling agent, the same the cache and artifact clients use; loopback
 * addresses never go through a proxy. download.ts streams, verifies and retries on top of it.
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
/** The hint for a download that failed on the network; it names the proxy the request went through, if any. */
export declare function networkHint(url?: URL): string;
export interface Opened {
    request: http.ClientRequest;
    response: http.IncomingMessage;
    /** The error the stall timer destroyed the request with, if it did. */
    stalled: () => TransientError | undefined;
}
/** GETs `start`, following redirects, and resolves with a 200 response whose body is not yet read. */
export declare function httpGet(start: URL, options: GetOptions): Promise<Opened>;
/**
 * The URL a HEAD request ends at after redirects (never from https down to http); the URL itself when that
 * cannot be found out (a server without HEAD, a network failure, `timeoutMs` passed): this only picks a cache
 * key, and the GET that follows reports real failures.
 */
export declare function resolveRedirects(start: string, options: GetOptions & {
    timeoutMs?: number;
}): Promise<string>;
/** Turns a low-level failure into a TransientError (retry) or a BuildError (give up). */
export declare function classify(error: unknown, signal: AbortSignal | undefined, url: URL, stalled: TransientError | undefined): Error;
