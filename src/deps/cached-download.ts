/**
 * A download kept in the GitHub Actions cache: a verified copy already on disk is used as is; otherwise the
 * cache is tried, and what it restores is verified again (a corrupt entry is deleted locally and downloaded
 * afresh); otherwise the file is downloaded, verified and saved to the cache for the next run.
 *
 * The cache entry holds the file and a sidecar `<file>.sha256` (sha256sum format), so an entry keyed by URL
 * (no pinned sha256) can still be checked after a restore. Outside Actions (no cache service) it just downloads.
 */
import * as cache from '@actions/cache';
import { createHash } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { BuildError } from '../errors.js';
import { sha256File } from '../tools/hash.js';
import { formatDuration, type Logger } from '../log.js';
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
  /** Passed on to downloadVerified. */
  download?: Pick<DownloadOptions, 'stallTimeoutMs' | 'attempts' | 'retryDelayMs' | 'progressIntervalMs'>;
}

export interface CachedDownloadResult {
  path: string;
  sha256: string;
  /** True when nothing was downloaded. */
  cacheHit: boolean;
  /** local: a verified copy was already there; cache: restored from the Actions cache; download: fetched. */
  source: 'local' | 'cache' | 'download';
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

/** Checks `file` against the pinned sha256, else against its sidecar. */
async function verify(file: string, sidecar: string, expected: string | undefined): Promise<Verdict> {
  let want = expected;
  if (want === undefined) {
    const recorded = await readFile(sidecar, 'utf8').catch(() => undefined);
    if (recorded === undefined) return { ok: false, reason: 'no checksum to verify it against' };
    want = /^[0-9a-f]{64}\b/.exec(recorded.trim())?.[0];
    if (!want) return { ok: false, reason: `${path.basename(sidecar)} holds no sha256` };
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

  const local = await verify(file, sidecar, expected);
  if (local.ok) {
    logger.info(`Using ${file} (already there, sha256 verified)`);
    return { path: file, sha256: local.sha256, cacheHit: true, source: 'local' };
  }

  const useCache = isCacheConfigured();
  let corruptEntry = false;
  if (!useCache) {
    logger.debug('The Actions cache is not available here (not in a GitHub Actions job): downloading.');
  } else if (await restore(paths, key, logger)) {
    const restored = await verify(file, sidecar, expected);
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
    dest: file,
    logger,
    signal: options.signal,
  });
  await writeFile(sidecar, `${result.sha256}  ${fileName}\n`);
  // Entries are immutable: a save under the corrupt entry's key would only fail with 409.
  if (useCache && !corruptEntry) await save(paths, key, fileName, logger);
  return { path: file, sha256: result.sha256, cacheHit: false, source: 'download' };
}

async function restore(paths: string[], key: string, logger: Logger): Promise<boolean> {
  const started = Date.now();
  try {
    const matched = await cache.restoreCache(paths, key);
    logger.debug(
      `Cache lookup for ${key}: ${matched ? 'hit' : 'miss'} (${formatDuration(Date.now() - started)})`,
    );
    return matched !== undefined;
  } catch (error) {
    // restoreCache reports service failures as a warning and a miss; it throws only on invalid input.
    logger.warn(`Could not look up ${key} in the Actions cache: ${String(error)}`);
    return false;
  }
}

async function save(paths: string[], key: string, fileName: string, logger: Logger): Promise<void> {
  const started = Date.now();
  try {
    // saveCache does not throw when the upload fails: it logs a warning and returns -1.
    const id = await cache.saveCache(paths, key);
    if (id === -1) {
      logger.warn(
        `Could not save ${fileName} to the Actions cache (key ${key}); the next run downloads it again ` +
          `unless another job saved it first. The cache client's message above says why.`,
      );
    } else {
      logger.info(
        `Saved ${fileName} to the Actions cache (key ${key}) in ${formatDuration(Date.now() - started)}`,
      );
    }
  } catch (error) {
    logger.warn(`Could not save ${fileName} to the Actions cache (key ${key}): ${String(error)}`);
  }
}
