/**
 * One HTTP exchange with a registry, on Node's own http/https: a request with an optional body (bytes, or a
 * stream made fresh for each attempt), the response's status, headers and (small) body. Plain http only when
 * asked (--insecure). A connection silent for a minute (idleTimeoutMs) fails. Errors are plain: the client (client.ts) decides what to retry and what to tell.
 */
import http, { type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
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

/** Registry answers are JSON or empty; a larger body is cut here (and is not what we came for). */
const MAX_RESPONSE_BYTES = 4 * 1024 * 1024;
const DEFAULT_IDLE_TIMEOUT_MS = 60_000;
const agents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };

export function send(request: HttpRequest): Promise<HttpResponse> {
  const { url, method, headers = {}, body, signal, idleTimeoutMs = DEFAULT_IDLE_TIMEOUT_MS } = request;
  const secure = url.protocol === 'https:';
  const module = secure ? https : http;
  return new Promise((resolve, reject) => {
    const outgoing = module.request(url, {
      method,
      headers: {
        'User-Agent': 'bake-windows-image',
        ...(Buffer.isBuffer(body) ? { 'Content-Length': String(body.length) } : {}),
        ...headers,
      },
      agent: secure ? agents.https : agents.http,
      signal,
      // A socket without a byte either way for this long: a stalled connection, which the caller may retry.
      timeout: idleTimeoutMs,
    });
    outgoing.on('error', reject);
    outgoing.on('timeout', () =>
      outgoing.destroy(new Error(`no data from ${url.host} for ${idleTimeoutMs / 1000} s`)),
    );
    outgoing.on('response', (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= MAX_RESPONSE_BYTES) chunks.push(chunk);
      });
      response.on('error', reject);
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }),
      );
    });
    if (body === undefined) outgoing.end();
    else if (Buffer.isBuffer(body)) outgoing.end(body);
    else {
      const stream = body();
      stream.on('error', (error) => outgoing.destroy(error));
      stream.pipe(outgoing);
    }
  });
}

/** A header's one value (the first, when repeated). */
export function header(response: HttpResponse, name: string): string | undefined {
  const value = response.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** The registry's error text: `{"errors":[{"code","message"}]}` made one line, or the status alone. */
export function describeResponse(response: HttpResponse): string {
  try {
    const parsed = JSON.parse(response.body.toString('utf8')) as {
      errors?: { code?: string; message?: string }[];
    };
    const errors = (parsed.errors ?? []).map((e) => [e.code, e.message].filter(Boolean).join(': '));
    if (errors.length > 0) return `HTTP ${response.status} (${errors.join('; ')})`;
  } catch {
    // Not JSON: the status says it.
  }
  return `HTTP ${response.status}`;
}
