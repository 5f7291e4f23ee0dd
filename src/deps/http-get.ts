/**
 * The one HTTP stack for downloads: GET for the body, HEAD to find where a stable URL leads. Redirects are
 * followed (bounded, no https → http downgrade), a connection that delivers nothing for `stallTimeoutMs` is
 * dropped, and every failure is sorted into a TransientError (worth another attempt) or a BuildError (final,
 * with a hint). Requests go through HTTPS_PROXY / HTTP_PROXY unless NO_PROXY (or lower case) exempts the host:
 * @actions/http-client's rules and tunnelling agent, the same the cache and artifact clients use; loopback
 * addresses never go through a proxy. download.ts streams, verifies and retries on top of it.
 */
import http from 'node:http';
import https from 'node:https';
import { getProxyUrl, HttpClient } from '@actions/http-client';
import { BuildError } from '../errors.js';
import { formatDuration, type Logger } from '../log.js';

export interface GetOptions {
  logger: Logger;
  signal?: AbortSignal;
  /** Fail when no bytes arrive for this long (default 60 s). */
  stallTimeoutMs?: number;
  /** Default 10. */
  maxRedirects?: number;
}

const USER_AGENT = 'bake-windows-image';
const TRANSIENT_STATUS = new Set([408, 425, 429, 500, 502, 503, 504]);
const TRANSIENT_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ENETDOWN',
  'ERR_STREAM_PREMATURE_CLOSE',
]);

/** A failure worth another attempt. */
export class TransientError extends Error {}

/** The URL without credentials or query string (signed URLs carry secrets there). */
export function displayUrl(url: string): string {
  const parsed = httpUrl(url);
  if (parsed) return `${parsed.origin}${parsed.pathname}${parsed.search ? '?…' : ''}`;
  // Not an http(s) URL, but it may still hold a token: nothing after '?' or '#', no user info.
  const cut = url.replace(/[?#][\s\S]*$/, '?…');
  const scheme = /^[^/@]*:\/\//.exec(cut)?.[0] ?? '';
  const at = cut.indexOf('@');
  const userInfo = at >= 0 && !cut.slice(scheme.length, at).includes('/');
  return userInfo ? `${scheme}…${cut.slice(at)}` : cut;
}

function httpUrl(url: string): URL | undefined {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/**
 * What identifies a download for the cache: the URL without user info, query or fragment, so that a signed
 * URL (whose query changes on every run) or a token does not change the key, and never reaches it.
 */
export function urlIdentity(url: string): string {
  const parsed = httpUrl(url);
  return parsed ? `${parsed.origin}${parsed.pathname}` : displayUrl(url);
}

/** The hint for a download that failed on the network; it names the proxy the request went through, if any. */
export function networkHint(url?: URL): string {
  const proxy = url ? getProxyUrl(url.href) : '';
  return (
    'Check that this machine can reach the URL (curl -fIL <url>) and try again later.' +
    (proxy
      ? ` The request went through the proxy ${displayUrl(proxy)} (HTTPS_PROXY/HTTP_PROXY): check that it ` +
        'allows the host, or list the host in NO_PROXY.'
      : '')
  );
}

export interface Opened {
  request: http.ClientRequest;
  response: http.IncomingMessage;
  /** The error the stall timer destroyed the request with, if it did. */
  stalled: () => TransientError | undefined;
}

/** GETs `start`, following redirects, and resolves with a 200 response whose body is not yet read. */
export async function httpGet(start: URL, options: GetOptions): Promise<Opened> {
  return (await follow(start, 'GET', options)).opened;
}

/**
 * The URL a HEAD request ends at after redirects (never from https down to http); the URL itself when that
 * cannot be found out (a server without HEAD, a network failure, `timeoutMs` passed): this only picks a cache
 * key, and the GET that follows reports real failures.
 */
export async function resolveRedirects(
  start: string,
  options: GetOptions & { timeoutMs?: number },
): Promise<string> {
  const signals = [AbortSignal.timeout(options.timeoutMs ?? 30_000)];
  if (options.signal) signals.push(options.signal);
  try {
    const { opened, url } = await follow(new URL(start), 'HEAD', {
      ...options,
      signal: AbortSignal.any(signals),
    });
    opened.response.resume();
    return url.href;
  } catch {
    return start;
  }
}

async function follow(
  start: URL,
  method: 'GET' | 'HEAD',
  options: GetOptions,
): Promise<{ opened: Opened; url: URL }> {
  const stallMs = options.stallTimeoutMs ?? 60_000;
  const maxRedirects = options.maxRedirects ?? 10;
  let url = start;
  for (let redirects = 0; ; redirects++) {
    const opened = await request(url, method, stallMs, options.signal);
    const { response } = opened;
    const status = response.statusCode ?? 0;
    const location = response.headers.location;
    if (status >= 300 && status < 400 && location) {
      response.resume();
      const next = new URL(location, url);
      if (redirects >= maxRedirects) {
        throw new BuildError(
          'download-failed',
          `Could not download ${displayUrl(start.href)}: too many redirects`,
          {
            hint: `The server redirected more than ${maxRedirects} times; check the URL.`,
          },
        );
      }
      if (next.protocol !== 'https:' && (url.protocol === 'https:' || next.protocol !== 'http:')) {
        throw new BuildError(
          'download-failed',
          `Could not download ${displayUrl(start.href)}: refusing a redirect from ${url.protocol} to ${displayUrl(next.href)}`,
          { hint: 'Use a URL that stays on https, or download the file yourself and pass its path.' },
        );
      }
      options.logger.debug(`${displayUrl(url.href)} redirects (${status}) to ${displayUrl(next.href)}`);
      url = next;
      continue;
    }
    if (status === 200) return { opened, url };
    response.resume();
    const what = `${status} ${http.STATUS_CODES[status] ?? ''}`.trim();
    if (TRANSIENT_STATUS.has(status)) throw new TransientError(`the server answered ${what}`);
    throw new BuildError(
      'download-failed',
      `Could not download ${displayUrl(start.href)}: the server answered ${what}`,
      {
        hint:
          status === 404 || status === 410
            ? 'Check the URL: the file may have moved (a newer release?).'
            : 'Check the URL and that it needs no authentication.',
      },
    );
  }
}

function request(
  url: URL,
  method: 'GET' | 'HEAD',
  stallMs: number,
  signal: AbortSignal | undefined,
): Promise<Opened> {
  return new Promise((resolve, reject) => {
    let stalled: TransientError | undefined;
    const send = url.protocol === 'https:' ? https.request : http.request;
    const req = send(url, {
      method,
      signal,
      // A direct agent, or a tunnel through the proxy the environment names for this URL.
      agent: new HttpClient(USER_AGENT).getAgent(url.href),
      headers: { 'user-agent': USER_AGENT, accept: '*/*' },
    });
    req.end();
    // Socket inactivity, both while waiting for the headers and while reading the body.
    req.setTimeout(stallMs, () => {
      stalled = new TransientError(`no data for ${formatDuration(stallMs)} (stalled connection)`);
      req.destroy(stalled);
    });
    req.once('response', (response) => resolve({ request: req, response, stalled: () => stalled }));
    req.on('error', (error) => reject(classify(error, signal, url, stalled)));
  });
}

/** Turns a low-level failure into a TransientError (retry) or a BuildError (give up). */
export function classify(
  error: unknown,
  signal: AbortSignal | undefined,
  url: URL,
  stalled: TransientError | undefined,
): Error {
  const shown = displayUrl(url.href);
  if (error instanceof TransientError || error instanceof BuildError) return error;
  if (signal?.aborted) return new BuildError('cancelled', `The download of ${shown} was cancelled`);
  if (stalled) return stalled;
  const code = (error as NodeJS.ErrnoException).code ?? '';
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'ENOSPC') {
    return new BuildError('no-space', `No space left on the device while downloading ${shown}`, {
      hint: 'Free some disk space (the file is written next to its destination) and try again.',
      cause: error,
    });
  }
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return new BuildError('output-unwritable', `Cannot write the download of ${shown}: ${message}`, {
      hint: 'Choose a destination directory this user can write to.',
      cause: error,
    });
  }
  if (TRANSIENT_CODES.has(code) || message === 'aborted') return new TransientError(message || code);
  if (code === 'ENOTFOUND') {
    return new BuildError(
      'download-failed',
      `Could not download ${shown}: the host ${url.hostname} is unknown`,
      {
        hint: 'Check the URL and the DNS configuration of this machine.',
        cause: error,
      },
    );
  }
  return new BuildError('download-failed', `Could not download ${shown}: ${message}`, {
    hint: networkHint(url),
    cause: error,
  });
}
