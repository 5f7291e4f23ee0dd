/**
 * A download kept in the GitHub Actions cache: a verified copy already on disk is used as is; otherwise the
 * cache is tried, and what it restores is verified again (a corrupt entry is deleted locally and downloaded
 * afresh); otherwise the file is downloaded and verified. Saving it for the next run is the caller's call
 * (`save`), once whatever uses the file has accepted it: a file the build refuses is never cached.
 *
 * The cache entry holds the file and a sidecar `<file>.sha256`: sha256sum's format, plus a comment line with the
 * URL it came from (urlIdentity), so an entry or a file keyed by URL (no pinned sha256) can still be checked,
 * and is not taken for another URL's. Outside Actions (no cache service) it just downloads.
 */
import * as cache from '@actions/cache';
import { createHash } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { BuildError } from '../errors.js';
import { sha256File } from '../tools/hash.js';
import type { Logger } from '../log.js';
import { restoreEntry, startSave, type CacheBudget, type RunningSave } from './actions-cache.js';
import type { ContentKind } from './content-check.js';
import { downloadVerified, normalizeSha256, type DownloadOptions } from './download.js';
import { urlIdentity } from './http-get.js';

export interface CachedDownloadOptions {
  url: string;
  /** Pinned sha256 of the file; without it the URL keys the cache and the sidecar verifies restores. */
  sha256?: string;
  /** Names the cache entry, e.g. "virtio-win". Changing it abandons old entries. */
  cacheKeyPrefix: string;
  /** Where the file goes; the same path on every run, or the cache misses (its version hashes the paths). */
  dir: string;
  fileName: string;
  logger: Logger;
  signal?: AbortSignal;
  /** What the file must be (checked before anything trusts or caches a download). */
  content?: ContentKind;
  /** Bounds on waiting for the cache service (see actions-cache.ts). */
  cacheBudget?: CacheBudget;
  /** Passed on to downloadVerified. */
  download?: Pick<
    DownloadOptions,
    'stallTimeoutMs' | 'attempts' | 'retryDelayMs' | 'progressIntervalMs' | 'minRate'
  >;
}

export interface CachedDownloadResult {
  path: string;
  sha256: string;
  /** True when nothing was downloaded. */
  cacheHit: boolean;
  /** local: a verified copy was already there; cache: restored from the Actions cache; download: fetched. */
  source: 'local' | 'cache' | 'download';
  /**
   * Starts saving the download to the Actions cache; there only when it was downloaded and the cache can take
   * it. Call it once the file is accepted; `wait` on what it returns before the job ends.
   */
  save?: () => RunningSave;
}

/** Is the Actions cache service reachable from here (inside a job, with its token)? */
export function isCacheConfigured(): boolean {
  return cache.isFeatureAvailable() && Boolean(process.env.ACTIONS_RUNTIME_TOKEN);
}

/**
 * `<prefix>-sha256-<sha256>` when the checksum is pinned, else `<prefix>-url-<sha256 of the URL>`, the URL
 * without user info and query (see urlIdentity).
 */
export function cacheKey(prefix: string, url: string, sha256?: string): string {
  if (!/^[A-Za-z0-9._-]{1,100}$/.test(prefix)) {
    throw new BuildError('invalid-option', `Invalid cache key prefix "${prefix}"`, {
      hint: 'Use 1–100 letters, digits, dots, dashes or underscores.',
    });
  }
  if (sha256 !== undefined) return `${prefix}-sha256-${normalizeSha256(sha256)}`;
  // The URL itself may hold commas (not allowed in keys) or exceed the 512-character limit: hash it.
  return `${prefix}-url-${createHash('sha256').update(urlIdentity(url)).digest('hex')}`;
}

type Verdict = { ok: true; sha256: string } | { ok: false; reason: string };

/** Pure: the sidecar's text: sha256sum's line, and the URL as a comment line (sha256sum -c skips those). */
export function sidecarText(sha256: string, fileName: string, url: string): string {
  return `${sha256}  ${fileName}\n# url: ${urlIdentity(url)}\n`;
}

/** Pure: the sha256 a sidecar records for `url`, or why it does not do that. */
export function readSidecar(text: string, url: string): { sha256: string } | { reason: string } {
  const sha256 = /^[0-9a-f]{64}(?= )/m.exec(text)?.[0];
  if (!sha256) return { reason: 'its sidecar holds no sha256' };
  const recorded = /^# url: (.*)$/m.exec(text)?.[1];
  if (recorded === undefined) return { reason: 'its sidecar does not say which URL it came from' };
  if (recorded !== urlIdentity(url)) return { reason: `its sidecar records another URL (${recorded})` };
  return { sha256 };
}

/** Checks `file` against the pinned sha256, else against its sidecar, which must be for this URL. */
async function verify(
  file: string,
  sidecar: string,
  expected: string | undefined,
  url: string,
): Promise<Verdict> {
  let want = expected;
  if (want === undefined) {
    const text = await readFile(sidecar, 'utf8').catch(() => undefined);
    if (text === undefined) return { ok: false, reason: 'no checksum to verify it against' };
    const recorded = readSidecar(text, url);
    if ('reason' in recorded) return { ok: false, reason: recorded.reason };
    want = recorded.sha256;
  }
  let actual: string;
  try {
    actual = await sha256File(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { ok: false, reason: code === 'ENOENT' ? 'the file is missing' : String(error) };
  }
  return actual === want
    ? { ok: true, sha256: actual }
    : { ok: false, reason: `sha256 ${actual}, expected ${want}` };
}

export async function cachedDownload(options: CachedDownloadOptions): Promise<CachedDownloadResult> {
  const { logger, fileName } = options;
  if (!fileName || fileName !== path.basename(fileName) || fileName === '.' || fileName === '..') {
    throw new BuildError('invalid-option', `Invalid file name "${fileName}" for a download`, {
      hint: 'Give a plain file name without directories.',
    });
  }
  const expected = options.sha256 === undefined ? undefined : normalizeSha256(options.sha256);
  const key = cacheKey(options.cacheKeyPrefix, options.url, expected);
  const file = path.resolve(options.dir, fileName);
  const sidecar = `${file}.sha256`;
  const paths = [file, sidecar];

  // A file that is there but not verified (another URL's, say) is not this one: it goes.
  const local = await verify(file, sidecar, expected, options.url);
  if (local.ok) {
    logger.info(`Using ${file} (already there, sha256 verified)`);
    return { path: file, sha256: local.sha256, cacheHit: true, source: 'local' };
  }

  const useCache = isCacheConfigured();
  let corruptEntry = false;
  if (!useCache) {
    logger.debug('The Actions cache is not available here (not in a GitHub Actions job): downloading.');
  } else if (await restoreEntry(paths, key, logger, options.signal, options.cacheBudget)) {
    const restored = await verify(file, sidecar, expected, options.url);
    if (restored.ok) {
      logger.info(`Restored ${fileName} from the Actions cache (key ${key}), sha256 verified`);
      return { path: file, sha256: restored.sha256, cacheHit: true, source: 'cache' };
    }
    corruptEntry = true;
    logger.warn(
      `The cached copy of ${fileName} (cache key ${key}) is corrupt: ${restored.reason}. Downloading it again. ` +
        `The entry stays in the cache until it is evicted: delete it (gh cache delete ${key}) or change the cache key prefix.`,
    );
  }
  await rm(file, { force: true });
  await rm(sidecar, { force: true });

  const result = await downloadVerified({
    ...options.download,
    url: options.url,
    sha256: expected,
    content: options.content,
    dest: file,
    logger,
    signal: options.signal,
  });
  await writeFile(sidecar, sidecarText(result.sha256, fileName, options.url));
  const downloaded: CachedDownloadResult = {
    path: file,
    sha256: result.sha256,
    cacheHit: false,
    source: 'download',
  };
  // Entries are immutable: a save under the corrupt entry's key would only fail with 409.
  if (useCache && !corruptEntry) downloaded.save = () => startSave(paths, key, fileName, logger);
  return downloaded;
}
