/**
 * Where the action keeps downloaded media between jobs, from the `media-cache` and `media-cache-max-size`
 * inputs and the runner's environment. A self-hosted runner keeps its tool cache, so by default the media stay
 * there; a GitHub-hosted runner's tool cache goes with the job, so there the default is no local cache. Pure.
 */
import path from 'node:path';
import { BuildError } from '../errors.js';
import { parseBytes } from '../log.js';

export interface MediaCacheSettings {
  /** The cache's directory (absolute). */
  dir: string;
  /** Eviction keeps the cached files' total at or under this many bytes. */
  maxBytes: number;
}

export const DEFAULT_MEDIA_CACHE_MAX_BYTES = 20 * 1024 ** 3;

/** The runner's variables this depends on. */
export interface RunnerEnv {
  RUNNER_ENVIRONMENT?: string;
  RUNNER_TOOL_CACHE?: string;
}

const OFF = new Set(['false', 'no', 'off', '0']);

/**
 * `media-cache`: empty = the default (RUNNER_TOOL_CACHE/bake-windows-image/media, except on GitHub-hosted
 * runners and without a tool cache); `true` = that default directory even on a GitHub-hosted runner; `false`
 * = no local cache; anything else is the directory. Undefined: no local cache.
 */
export function mediaCacheSettings(
  cacheInput: string,
  maxSizeInput: string,
  env: RunnerEnv,
): MediaCacheSettings | undefined {
  const value = cacheInput.trim();
  const maxBytes = maxSizeInput.trim()
    ? parseByteSize(maxSizeInput, 'Input media-cache-max-size')
    : DEFAULT_MEDIA_CACHE_MAX_BYTES;
  if (OFF.has(value.toLowerCase())) return undefined;
  const forced = value.toLowerCase() === 'true';
  if (value && !forced) return { dir: path.resolve(value), maxBytes };
  const toolCache = env.RUNNER_TOOL_CACHE?.trim();
  if (!toolCache) {
    if (forced) {
      throw new BuildError('invalid-option', 'Input media-cache: true, but the runner has no tool cache', {
        hint: 'Give media-cache a directory that outlives the job, or leave it empty.',
      });
    }
    return undefined;
  }
  // GitHub-hosted runners start from a fresh image: a cache there only costs a copy.
  if (!forced && env.RUNNER_ENVIRONMENT?.trim().toLowerCase() === 'github-hosted') return undefined;
  return { dir: path.join(toolCache, 'bake-windows-image', 'media'), maxBytes };
}

/** `20G`, `20 GiB`, `512M`, `1073741824` → bytes (binary units); at least 1 byte. Pure. */
export function parseByteSize(text: string, subject: string): number {
  const bytes = parseBytes(text);
  if (bytes === undefined || bytes < 1) {
    throw new BuildError('invalid-option', `${subject}: "${text.trim()}" is not a size`, {
      hint: 'Give a size in bytes or with a binary unit: 20G, 20 GiB, 512M.',
    });
  }
  return bytes;
}
