/**
 * The Action's media: a file given as a URL comes from the local media cache when the runner keeps one,
 * else through the Actions cache or a download (keyed by where its redirects lead, never down to plain http),
 * and is then kept locally; a file on the runner is checked against its pinned sha256.
 */
import * as core from '@actions/core';
import { link, mkdir, rm, stat, symlink } from 'node:fs/promises';
import path from 'node:path';
import { cachedDownload, cacheKey, type CachedDownloadResult } from '../deps/cached-download.js';
import type { ContentKind } from '../deps/content-check.js';
import type { MediaCache } from '../deps/media-cache.js';
import { formatBytes } from '../log.js';
import { displayUrl, resolveRedirects } from '../deps/http-get.js';
import { BuildError } from '../errors.js';
import { sha256File } from '../tools/hash.js';
import type { LocalChecksum, RemoteFile } from './inputs.js';
import { actionLogger } from './logger.js';

/** Where a medium came from: the runner's own media cache, the Actions cache, the network, or runner.temp. */
export type MediumOrigin = 'local media cache' | 'Actions cache' | 'download' | 'runner.temp';

/** What the job summary and the log say about one medium. */
export interface MediumReport {
  name: string;
  origin: MediumOrigin;
  /** The file's size when it came over the network (restored or downloaded), else 0. */
  bytesTransferred: number;
}

export interface FetchedMedium extends CachedDownloadResult, MediumReport {
  /** Adds the fetched file to the local media cache; there only on a local miss. Never rejects. */
  keepLocally?: () => Promise<void>;
}

const ORIGIN: Record<CachedDownloadResult['source'], MediumOrigin> = {
  local: 'runner.temp',
  cache: 'Actions cache',
  download: 'download',
};

/**
 * Puts `remote` at `target`: from `localCache` when it holds it (0 bytes transferred, the Actions cache not
 * asked), else downloaded through the Actions cache (saved later, after preflight, like the local copy).
 */
export async function fetchMedium(
  remote: RemoteFile,
  target: string,
  prefix: string,
  content: ContentKind,
  signal: AbortSignal,
  localCache?: MediaCache,
): Promise<FetchedMedium> {
  // Without a pinned sha256 the cache is keyed by URL; the stable virtio-win URL redirects to a versioned
  // file, so key by where it leads: a new release is a new key, not a stale hit.
  const url = remote.sha256
    ? remote.url
    : resolvedUrl(remote.url, await resolveRedirects(remote.url, { logger: actionLogger, signal }));
  if (url !== remote.url) core.info(`${displayUrl(remote.url)} resolves to ${displayUrl(url)}`);
  const cacheKeyPrefix = `bake-windows-image-${prefix}`;
  const name = path.basename(target);
  const key = cacheKey(cacheKeyPrefix, url, remote.sha256);
  const hit = localCache && (await orWarning(() => localCache.lookup(key, remote.sha256)));
  if (hit && (await orWarning(() => placeAt(hit.path, target)))) {
    core.info(
      `${name}: from the local media cache ${localCache.dir}, 0 B transferred (sha256 ${hit.sha256})`,
    );
    return {
      path: target,
      sha256: hit.sha256,
      cacheHit: true,
      source: 'local',
      name,
      origin: 'local media cache',
      bytesTransferred: 0,
    };
  }
  const result = await cachedDownload({
    url,
    sha256: remote.sha256,
    cacheKeyPrefix,
    dir: path.dirname(target),
    fileName: name,
    content,
    logger: actionLogger,
    signal,
  });
  const origin = ORIGIN[result.source];
  const bytesTransferred = result.source === 'local' ? 0 : (await stat(result.path)).size;
  core.info(
    `${name}: from the ${origin}, ${formatBytes(bytesTransferred)} transferred (sha256 ${result.sha256})`,
  );
  return {
    ...result,
    name,
    origin,
    bytesTransferred,
    ...(localCache && {
      keepLocally: async () => {
        await orWarning(() => localCache.add(key, result.path, result.sha256));
      },
    }),
  };
}

/** The local cache only ever saves a transfer: when it fails, the job goes on as if there were none. */
async function orWarning<T>(operation: () => Promise<T>): Promise<T | undefined> {
  try {
    return await operation();
  } catch (error) {
    core.warning(`The local media cache failed, going on without it: ${(error as Error).message}`);
    return undefined;
  }
}

/**
 * The cached file at `target` under its own name (the MSI's name matters): a hardlink, which outlives an
 * eviction, else (another file system) a symlink, which the job's entry in users/ keeps valid.
 */
async function placeAt(cached: string, target: string): Promise<true> {
  await mkdir(path.dirname(target), { recursive: true });
  await rm(target, { force: true });
  await rm(`${target}.sha256`, { force: true });
  await link(cached, target).catch(() => symlink(cached, target));
  return true;
}

/** Bytes that came over the network for these media (the media-bytes-transferred output). Pure. */
export function bytesTransferred(media: readonly MediumReport[]): number {
  return media.reduce((sum, medium) => sum + medium.bytesTransferred, 0);
}

/** A file on the runner must be the one its `*-sha256` input pins. */
export async function verifyLocalFile({ file, sha256, input }: LocalChecksum): Promise<void> {
  let actual: string;
  try {
    actual = await sha256File(file);
  } catch (error) {
    throw new BuildError(
      'input-unreadable',
      `Cannot read ${file} to check ${input}: ${(error as Error).message}`,
      {
        hint: 'Check the path and that the runner user can read it.',
      },
    );
  }
  if (actual !== sha256) {
    throw new BuildError(
      'checksum-mismatch',
      `${file} does not match input ${input}: expected sha256 ${sha256}, got ${actual}`,
      { hint: `The file on the runner is not the one the workflow pins: replace it, or correct ${input}.` },
    );
  }
  core.info(`${path.basename(file)}: matches ${input}`);
}

/** Where a redirect chain may lead for keying and downloading: never from https down to plain http. Pure. */
export function resolvedUrl(original: string, resolved: string): string {
  return new URL(original).protocol === 'https:' && new URL(resolved).protocol !== 'https:'
    ? original
    : resolved;
}
