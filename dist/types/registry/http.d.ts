/**
 * One HTTP exchange with a registry, on Node's own http/https: a request with an optional body (bytes, or a
 * stream made fresh for each attempt), the response's status, headers and (small) body. Plain http only when
 * asked (--insecure). A connection silent for a minute (idleTimeoutMs) fails. Errors are plain: the client (client.ts) decides what to retry and what to tell.
 */
import { type IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
export interface HttpRequest {
    method: 'GET' | 'HEAD' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
    url: URL;
    headers?: Record<string, string>;
    /** Bytes, or a function that opens the body as a stream (Content-Length must then be in headers). */
    body?: Buffer | (() => Readable);
    signal?: AbortSignal;
    /** No byte sent or received for this long: the request fails (a stalled connection). Default 60 s. */
    idleTimeoutMs?: number;
}
export interface HttpResponse {
    status: number;
    headers: IncomingHttpHeaders;
    body: Buffer;
}
export declare function send(request: HttpRequest): Promise<HttpResponse>;
/** A header's one value (the first, when repeated). */
export declare function header(response: HttpResponse, name: string): string | undefined;
/** The registry's error text: `{"errors":[{"code","message"}]}` made one line, or the status alone. */
export declare function describeResponse(response: HttpResponse): string;
