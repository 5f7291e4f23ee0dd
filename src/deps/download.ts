/**
 * Downloads one file over http(s): streamed to a temporary file next to `dest` and renamed into place only once
 * complete and verified (its sha256 when pinned, what it is when `content` says), so `dest` never holds a
 * partial or unverified file. Redirects are followed (bounded, no https → http downgrade), a connection that
 * delivers nothing for `stallTimeoutMs` or less than `minRate` over its window is dropped, and transient
 * failures (network errors, stalls, slow or truncated bodies, 408/429/5xx) are retried a bounded number of
 * times. The request itself (redirects, proxies, stall timer, sorting failures) is in http-get.ts.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { BuildError } from '../errors.js';
import { formatBytes, formatRate, formatDuration, type Logger } from '../log.js';
import { checkContent, type ContentKind } from './content-check.js';
import { classify, displayUrl, httpGet, networkHint, TransientError } from './http-get.js';

export interface DownloadOptions {
  url: string;
  /** Expected sha256 (64 hex digits, optionally prefixed "sha256:"); a mismatch fails the download. */
  sha256?: string;
  dest: string;
  logger: Logger;
  signal?: AbortSignal;
  /** An attempt fails when no bytes arrive for this long (default 60 s). */
  stallTimeoutMs?: number;
  /** Attempts in all, the first included (default 4). */
  attempts?: number;
  /** Wait before the first retry; doubled for each further one (default 2 s). */
  retryDelayMs?: number;
  /** At most one progress line per this interval (default 10 s). */
  progressIntervalMs?: number;
  /** Default 10. */
  maxRedirects?: number;
  /**
   * An attempt fails (and is retried) when less than `bytesPerSecond` on average arrived in a window of
   * `windowMs`: a trickle that never stalls would otherwise hold the job for hours. Default 50 KiB/s over 5 min.
   */
  minRate?: MinRate;
  /** What the file must be (checked before it is renamed into place); unchecked when not given. */
  content?: ContentKind;
}

export interface MinRate {
  windowMs: number;
  bytesPerSecond: number;
}

export const DEFAULT_MIN_RATE: MinRate = { windowMs: 5 * 60_000, bytesPerSecond: 50 * 1024 };

export interface DownloadResult {
  path: string;
  /** sha256 of the file, lowercase hex. */
  sha256: string;
  size: number;
}

/** Lowercase hex of a sha256 given as hex or "sha256:hex"; a BuildError names the malformed value. */
export function normalizeSha256(value: string, what = 'sha256'): string {
  const hex = value.trim().replace(/^sha256:/i, '');
  if (!/^[0-9a-f]{64}$/i.test(hex)) {
    throw new BuildError('invalid-option', `${what} must be 64 hexadecimal digits, got "${value}"`, {
      hint: 'Use the sha256 the publisher lists for the file, or compute one with: sha256sum <file>',
    });
  }
  return hex.toLowerCase();
}

export async function downloadVerified(options: DownloadOptions): Promise<DownloadResult> {
  const expected = options.sha256 === undefined ? undefined : normalizeSha256(options.sha256);
  const attempts = Math.max(1, options.attempts ?? 4);
  const retryDelayMs = options.retryDelayMs ?? 2000;
  const shown = displayUrl(options.url);
  let url: URL;
  try {
    url = new URL(options.url);
  } catch {
    throw new BuildError('invalid-option', `Not a valid download URL: ${shown}`, {
      hint: 'Give an absolute http:// or https:// URL.',
    });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new BuildError(
      'invalid-option',
      `Cannot download ${shown}: only http and https URLs are supported`,
      {
        hint: 'Download the file yourself and pass its path instead.',
      },
    );
  }
  try {
    await mkdir(path.dirname(options.dest), { recursive: true });
  } catch (error) {
    throw new BuildError(
      'output-unwritable',
      `Cannot create ${path.dirname(options.dest)}: ${String(error)}`,
      {
        hint: 'Choose a destination directory this user can write to.',
        cause: error,
      },
    );
  }

  for (let attempt = 1; ; attempt++) {
    checkCancelled(options.signal, shown);
    try {
      return await attemptDownload(url, expected, options);
    } catch (error) {
      if (!(error instanceof TransientError)) throw error;
      if (attempt >= attempts) {
        throw new BuildError(
          'download-failed',
          `Could not download ${shown}: ${error.message} (gave up after ${attempts} attempts)`,
          { hint: networkHint(url), cause: error },
        );
      }
      const delay = retryDelayMs * 2 ** (attempt - 1);
      options.logger.warn(
        `Download of ${shown} failed: ${error.message}; retrying in ${formatDuration(delay)} (attempt ${attempt + 1} of ${attempts})`,
      );
      await sleep(delay, options.signal, shown);
    }
  }
}

function checkCancelled(signal: AbortSignal | undefined, shown: string): void {
  if (signal?.aborted) throw new BuildError('cancelled', `The download of ${shown} was cancelled`);
}

function sleep(ms: number, signal: AbortSignal | undefined, shown: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new BuildError('cancelled', `The download of ${shown} was cancelled`));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

async function attemptDownload(
  url: URL,
  expected: string | undefined,
  options: DownloadOptions,
): Promise<DownloadResult> {
  const { logger, dest } = options;
  const name = path.basename(dest);
  const started = Date.now();
  const opened = await httpGet(url, options);
  const total = Number(opened.response.headers['content-length']) || undefined;
  logger.info(`Downloading ${name} from ${displayUrl(url.href)}${total ? ` (${formatBytes(total)})` : ''}`);

  const hash = createHash('sha256');
  let received = 0;
  let lastReport = started;
  const interval = options.progressIntervalMs ?? 10_000;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      hash.update(chunk);
      received += chunk.length;
      const now = Date.now();
      if (now - lastReport >= interval) {
        lastReport = now;
        const share = total ? ` of ${formatBytes(total)} (${Math.floor((received / total) * 100)}%)` : '';
        logger.info(
          `Downloading ${name}: ${formatBytes(received)}${share}, ${formatRate(received, now - started)}`,
        );
      }
      callback(null, chunk);
    },
  });

  const temp = path.join(path.dirname(dest), `.${name}.${randomBytes(6).toString('hex')}.part`);
  const slow = watchRate(options.minRate ?? DEFAULT_MIN_RATE, () => received, opened.request);
  try {
    try {
      await pipeline(opened.response, meter, createWriteStream(temp));
    } catch (error) {
      opened.request.destroy();
      const tooSlow = slow.failure();
      if (tooSlow && !options.signal?.aborted) throw tooSlow;
      const failure = classify(error, options.signal, url, opened.stalled());
      if (failure instanceof TransientError && !opened.stalled()) {
        const of = total === undefined ? '' : ` of ${total}`;
        throw new TransientError(`the connection broke after ${received}${of} bytes (${failure.message})`);
      }
      throw failure;
    } finally {
      slow.stop();
    }
    // A closed connection can end a body early without an error: compare with what was announced.
    if (total !== undefined && received !== total) {
      throw new TransientError(`the body ended after ${received} of ${total} bytes`);
    }
    if (opened.response.complete === false) throw new TransientError('the connection closed early');
    const actual = hash.digest('hex');
    if (expected !== undefined && actual !== expected) {
      throw new BuildError(
        'checksum-mismatch',
        `${name} from ${displayUrl(url.href)} does not match its checksum: expected sha256 ${expected}, got ${actual} (${formatBytes(received)})`,
        {
          hint:
            'If the publisher has changed the file, verify the new one and update the pinned sha256; ' +
            'otherwise the download was corrupted or tampered with — retry later or use another mirror.',
        },
      );
    }
    if (options.content) await checkContent(temp, options.content, displayUrl(url.href), received);
    await rename(temp, dest);
    logger.info(
      `Downloaded ${name}: ${formatBytes(received)} in ${formatDuration(Date.now() - started)}, sha256 ${actual}`,
    );
    return { path: dest, sha256: actual, size: received };
  } finally {
    await rm(temp, { force: true });
  }
}

/**
 * Checks, at the end of each window, that the window brought at least its share of bytes; destroys the request
 * with a TransientError when not. Tumbling windows from the first byte of the response.
 */
function watchRate(
  rate: MinRate,
  received: () => number,
  request: { destroy: (error: Error) => void },
): { failure: () => TransientError | undefined; stop: () => void } {
  let failure: TransientError | undefined;
  let atWindowStart = received();
  const timer = setInterval(() => {
    const got = received() - atWindowStart;
    atWindowStart = received();
    if (got * 1000 >= rate.bytesPerSecond * rate.windowMs) return;
    failure = new TransientError(
      `the transfer was too slow: ${formatBytes(got)} in ${formatDuration(rate.windowMs)}, ` +
        `below the minimum of ${formatRate(rate.bytesPerSecond, 1000)}`,
    );
    clearInterval(timer);
    request.destroy(failure);
  }, rate.windowMs);
  return { failure: () => failure, stop: () => clearInterval(timer) };
}
