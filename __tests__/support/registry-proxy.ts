/**
 * An HTTP proxy in front of a test registry that records each request (and the answer it got) and can
 * misbehave on purpose: fail one PATCH (cut, half kept then 502, or GHCR's 416 "too large"), refuse every PATCH
 * above a body size with 413 (nginx's client_max_body_size), lose the reply to the final PUT, ask for Basic
 * credentials itself, or hand out upload Locations on another proxy.
 */
import http, { type IncomingHttpHeaders } from 'node:http';
import { listen } from './registry.js';

export type PatchFault = 'break' | 'half-kept' | 'half-accepted' | 'too-large';

export interface CountingProxy {
  host: string;
  /** "METHOD /path" of each request, in order. */
  requests: string[];
  /** "METHOD /path STATUS" of each answer, in order. */
  responses: string[];
  /** The headers of each request, in order. */
  headers: IncomingHttpHeaders[];
  /**
   * Fails a PATCH of at least `minBytes`, the one after `skip` such: `break` cuts both connections after half
   * its body went through (the registry drops the upload); `half-kept` sends the registry the first half as a
   * whole PATCH, then answers 502 (a registry that keeps what it got); `half-accepted` sends the first half
   * likewise and passes on the registry's 202 (its Range says half); `too-large` answers 416 as GHCR does.
   */
  failPatch(how: PatchFault, minBytes: number, skip?: number): void;
  /** Every PATCH with a Content-Length above `maxBytes` gets 413 and nginx's HTML page; undefined: no limit. */
  limitBody(maxBytes: number | undefined): void;
  /** The next `PUT …?digest=` reaches the registry, and its answer is lost (the connection cut). */
  losePutReply(): void;
  /** Upload Locations the registry gives point at `host` (another proxy) instead. */
  moveUploadsTo(host: string | undefined): void;
  stop(): Promise<void>;
}

const NGINX_TOO_LARGE =
  '<html>\r\n<head><title>413 Request Entity Too Large</title></head>\r\n<body>\r\n<center><h1>413 Request Entity Too Large</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';
const GHCR_TOO_LARGE =
  '{"errors":[{"code":"SIZE_INVALID","message":"Content-Range header exceeds the maximum permissible limit of 4.00MiB"}]}';

/** The proxy to `target` (host:port); with `basic`, it answers 401 Basic itself until those credentials come. */
export async function startCountingProxy(
  target: string,
  basic?: { username: string; password: string },
): Promise<CountingProxy> {
  const [targetHost, targetPort] = target.split(':');
  const requests: string[] = [];
  const responses: string[] = [];
  const headers: IncomingHttpHeaders[] = [];
  let failing: { how: PatchFault; minBytes: number; skip: number } | undefined;
  let losePut = false;
  let bodyLimit: number | undefined;
  let uploadsHost: string | undefined;
  // distribution signs an upload's offset into each Location (_state); the proxy keeps the newest one per upload
  // and puts it on later requests, as if the upload URL never changed (GHCR's does not): then what the registry
  // kept of a PATCH whose answer was lost (half-kept) can be asked for and resumed.
  const newestState = new Map<string, string>();
  const keepState = (response: http.IncomingMessage): void => {
    if (!response.headers.location) return;
    const given = new URL(response.headers.location, 'http://x');
    const newest = given.searchParams.get('_state');
    if (newest) newestState.set(given.pathname, newest);
  };
  const expected = basic && `Basic ${Buffer.from(`${basic.username}:${basic.password}`).toString('base64')}`;
  const server = http.createServer((incoming, outgoing) => {
    const url = new URL(incoming.url ?? '/', 'http://x');
    const state = newestState.get(url.pathname);
    if (state) url.searchParams.set('_state', state);
    const line = `${incoming.method} ${url.pathname}`;
    requests.push(line);
    headers.push(incoming.headers);
    const answer = (status: number, head: http.OutgoingHttpHeaders, body?: string): void => {
      responses.push(`${line} ${status}`);
      outgoing.writeHead(status, head);
      outgoing.end(body);
    };
    if (expected && incoming.headers.authorization !== expected) {
      incoming.resume();
      incoming.on('end', () => answer(401, { 'WWW-Authenticate': 'Basic realm="proxy"' }));
      return;
    }
    const forward = (length?: number) =>
      http.request({
        host: targetHost,
        port: Number(targetPort),
        method: incoming.method,
        path: url.pathname + url.search,
        headers: length === undefined ? incoming.headers : { ...incoming.headers, ...shortened(length) },
      });
    // A PATCH cut to its first `length` bytes: a chunk's Content-Range says so too.
    const shortened = (length: number): http.OutgoingHttpHeaders => {
      const start = /^(\d+)-\d+$/.exec(incoming.headers['content-range'] ?? '')?.[1];
      return {
        'content-length': length,
        ...(start === undefined ? {} : { 'content-range': `${start}-${Number(start) + length - 1}` }),
      };
    };
    const length = Number(incoming.headers['content-length'] ?? 0);
    if (incoming.method === 'PATCH' && bodyLimit !== undefined && length > bodyLimit) {
      // nginx answers from the header alone; the body is drained here so that the client reads the answer.
      incoming.resume();
      incoming.on('end', () => answer(413, { 'Content-Type': 'text/html' }, NGINX_TOO_LARGE));
      return;
    }
    if (incoming.method === 'PATCH' && failing && length >= failing.minBytes && failing.skip-- === 0) {
      const { how } = failing;
      failing = undefined;
      return failPatch(how, length);
    }
    const upstream = forward();
    upstream.on('response', (response) => {
      responses.push(`${line} ${response.statusCode}`);
      keepState(response);
      const location = response.headers.location;
      if (uploadsHost && location) {
        const moved = new URL(location, `http://${incoming.headers.host}`);
        moved.host = uploadsHost;
        response.headers.location = moved.href;
      }
      if (losePut && incoming.method === 'PUT' && incoming.url?.includes('digest=')) {
        losePut = false;
        response.resume();
        incoming.socket.destroy();
        return;
      }
      outgoing.writeHead(response.statusCode ?? 502, response.headers);
      response.pipe(outgoing);
    });
    upstream.on('error', () => outgoing.destroy());
    incoming.pipe(upstream);

    function failPatch(how: PatchFault, length: number): void {
      if (how === 'too-large') {
        incoming.resume();
        incoming.on('end', () => answer(416, { 'Content-Type': 'application/json' }, GHCR_TOO_LARGE));
        return;
      }
      const half = Math.floor(length / 2);
      if (how === 'half-kept' || how === 'half-accepted') {
        const partial = forward(half);
        let accepted: http.IncomingMessage | undefined;
        const kept = new Promise<void>((resolve) => {
          partial.on('response', (response) => {
            keepState(response);
            accepted = response;
            response.resume().on('end', resolve);
          });
          partial.on('error', () => resolve());
        });
        let seen = 0;
        incoming.on('data', (chunk: Buffer) => {
          if (seen < half) {
            partial.write(chunk.subarray(0, half - seen));
            if (seen + chunk.length >= half) partial.end();
          }
          seen += chunk.length;
        });
        incoming.on('end', () => {
          void kept.then(() =>
            how === 'half-accepted' && accepted
              ? answer(accepted.statusCode ?? 502, accepted.headers)
              : answer(502, { 'Content-Type': 'text/plain' }, 'bad gateway'),
          );
        });
        return;
      }
      const cut = forward();
      cut.on('error', () => undefined);
      let seen = 0;
      incoming.on('data', (chunk: Buffer) => {
        seen += chunk.length;
        if (seen < half) cut.write(chunk);
        else {
          cut.destroy();
          incoming.socket.destroy();
        }
      });
    }
  });
  const port = await listen(server);
  return {
    host: `127.0.0.1:${port}`,
    requests,
    responses,
    headers,
    failPatch: (how, minBytes, skip = 0) => (failing = { how, minBytes, skip }),
    limitBody: (maxBytes) => (bodyLimit = maxBytes),
    losePutReply: () => (losePut = true),
    moveUploadsTo: (host) => (uploadsHost = host),
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
