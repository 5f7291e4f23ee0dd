/**
 * The Action's media: a file given as a URL is downloaded (through the Actions cache, keyed by where its
 * redirects lead, never down to plain http), a file on the runner is checked against its pinned sha256.
 */
import * as core from '@actions/core';
import path from 'node:path';
import { cachedDownload, type CachedDownloadResult } from '../deps/cached-download.js';
import type { ContentKind } from '../deps/content-check.js';
import { displayUrl, resolveRedirects } from '../deps/http-get.js';
import { BuildError } from '../errors.js';
import { sha256File } from '../tools/hash.js';
import type { LocalChecksum, RemoteFile } from './inputs.js';
import { actionLogger } from './logger.js';

/** Downloads `remote` to `target` through the Actions cache (saved later, after preflight). */
export async function fetchMedium(
  remote: RemoteFile,
  target: string,
  prefix: string,
  content: ContentKind,
  signal: AbortSignal,
): Promise<CachedDownloadResult> {
  // Without a pinned sha256 the cache is keyed by URL; the stable virtio-win URL redirects to a versioned
  // file, so key by where it leads: a new release is a new key, not a stale hit.
  const url = remote.sha256
    ? remote.url
    : resolvedUrl(remote.url, await resolveRedirects(remote.url, { logger: actionLogger, signal }));
  if (url !== remote.url) core.info(`${displayUrl(remote.url)} resolves to ${displayUrl(url)}`);
  const result = await cachedDownload({
    url,
    sha256: remote.sha256,
    cacheKeyPrefix: `bake-windows-image-${prefix}`,
    dir: path.dirname(target),
    fileName: path.basename(target),
    content,
    logger: actionLogger,
    signal,
  });
  core.info(`${path.basename(target)}: ${result.source} (sha256 ${result.sha256})`);
  return result;
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
