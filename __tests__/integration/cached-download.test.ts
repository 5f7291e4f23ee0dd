/** cachedDownload with the real @actions/cache client against the local results service and file server. */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import {
  cachedDownload,
  cacheKey,
  sidecarText,
  type CachedDownloadOptions,
  type CachedDownloadResult,
} from '../../src/deps/cached-download.js';
import { BuildError } from '../../src/errors.js';
import type { Logger } from '../../src/log.js';
import {
  ACTIONS_ENV_UNSET,
  ActionsServer,
  applyEnv,
  captureStdout,
  FileServer,
  type StoredCacheEntry,
} from '../support/actions-server.js';
import { tempDir } from '../support/cli.js';

const payload = randomBytes(3 * 1024 * 1024 + 17);
const payloadSha = createHash('sha256').update(payload).digest('hex');
let actions: ActionsServer;
let files: FileServer;
let root: string;
let restoreEnv: () => void;
let stdout: ReturnType<typeof captureStdout>;

beforeAll(async () => {
  actions = await ActionsServer.start();
  files = await FileServer.start();
  root = tempDir('cached-download');
  mkdirSync(path.join(root, 'workspace'));
  restoreEnv = applyEnv(
    actions.env({ workspace: path.join(root, 'workspace'), runnerTemp: path.join(root, 'runner-temp') }),
  );
});
afterAll(async () => {
  restoreEnv();
  await Promise.all([actions.close(), files.close()]);
  rmSync(root, { recursive: true, force: true });
});
beforeEach(() => {
  stdout = captureStdout();
});
afterEach(() => {
  stdout.restore();
  actions.clearFaults();
});

interface Captured extends Logger {
  infos: string[];
  warns: string[];
}
function logger(): Captured {
  const infos: string[] = [];
  const warns: string[] = [];
  return { infos, warns, phase() {}, debug() {}, info: (m) => infos.push(m), warn: (m) => warns.push(m) };
}

let counter = 0;
/** A fresh file route and a fixed directory per scenario; `run` is one job's call. */
function scenario(pin: { sha256?: string } = { sha256: payloadSha }) {
  const { sha256 } = pin;
  const n = ++counter;
  const route = `/dl/${n}/virtio-win.iso`;
  const url = files.route(route, { body: payload });
  const dir = path.join(root, `deps-${n}`);
  const prefix = `virtio-win-${n}`;
  const key = cacheKey(prefix, url, sha256);
  const log = logger();
  const options = (extra: Partial<CachedDownloadOptions> = {}): CachedDownloadOptions => ({
    url,
    sha256,
    cacheKeyPrefix: prefix,
    dir,
    fileName: 'virtio-win.iso',
    logger: log,
    download: { retryDelayMs: 10 },
    ...extra,
  });
  return {
    route,
    dir,
    key,
    log,
    file: path.join(dir, 'virtio-win.iso'),
    run: (extra?: Partial<CachedDownloadOptions>) => cachedDownload(options(extra)),
    /** A run whose download is accepted at once: saved to the cache, waited for. */
    runAndSave: async (extra?: Partial<CachedDownloadOptions>) => saved(await cachedDownload(options(extra))),
    /** A new job on a fresh machine: same paths, nothing on disk. */
    wipe: () => rmSync(dir, { recursive: true, force: true }),
  };
}

async function saved(result: CachedDownloadResult): Promise<Omit<CachedDownloadResult, 'save'>> {
  await result.save?.().wait(undefined);
  return { path: result.path, sha256: result.sha256, cacheHit: result.cacheHit, source: result.source };
}

/** Rewrites a stored cache archive so that it still unpacks, but with one byte of the payload flipped. */
function corruptArchive(entry: StoredCacheEntry): Buffer {
  const gzip = entry.bytes[0] === 0x1f && entry.bytes[1] === 0x8b;
  const tar = gzip
    ? gunzipSync(entry.bytes)
    : execFileSync('zstd', ['-d', '-c'], { input: entry.bytes, maxBuffer: 64 << 20 });
  const at = tar.indexOf(payload.subarray(0, 64));
  expect(at).toBeGreaterThan(0);
  tar[at + 10] = tar[at + 10]! ^ 0xff; // tar checksums cover headers only
  return gzip ? gzipSync(tar) : execFileSync('zstd', ['-q', '-c'], { input: tar, maxBuffer: 64 << 20 });
}

describe('cachedDownload', () => {
  it('on a miss downloads, verifies, writes the sidecar and saves; the next job restores without downloading', async () => {
    const s = scenario();
    const first = await s.runAndSave();
    expect(first).toEqual({ path: s.file, sha256: payloadSha, cacheHit: false, source: 'download' });
    expect(files.hits(s.route)).toHaveLength(1);
    expect(readFileSync(`${s.file}.sha256`, 'utf8')).toBe(
      `${payloadSha}  virtio-win.iso\n# url: ${files.url(s.route)}\n`,
    );
    expect(actions.cacheEntry(s.key)).toBeDefined();
    expect(s.key).toBe(`virtio-win-${counter}-sha256-${payloadSha}`);
    expect(s.log.infos).toContainEqual(expect.stringMatching(/^Saved virtio-win.iso to the Actions cache/));

    s.wipe();
    const second = await s.run();
    expect(second).toEqual({ path: s.file, sha256: payloadSha, cacheHit: true, source: 'cache' });
    expect(readFileSync(s.file).equals(payload)).toBe(true);
    expect(files.hits(s.route)).toHaveLength(1);
    expect(s.log.warns).toEqual([]);
  });

  it('uses a verified copy already on disk without asking the cache or the server', async () => {
    const s = scenario();
    await s.runAndSave();
    const lookups = actions.rpcCalls('GetCacheEntryDownloadURL').length;
    expect(await s.run()).toMatchObject({ source: 'local', cacheHit: true, sha256: payloadSha });
    expect(actions.rpcCalls('GetCacheEntryDownloadURL')).toHaveLength(lookups);
    expect(files.hits(s.route)).toHaveLength(1);
  });

  it.each([
    ['a pinned sha256', payloadSha],
    ['the sidecar (no pinned sha256)', undefined],
  ])('detects a corrupt cache entry by %s, deletes it and downloads again', async (_what, sha256) => {
    const s = scenario({ sha256 });
    await s.runAndSave();
    const entry = actions.cacheEntry(s.key)!;
    actions.setCacheBytes(entry, corruptArchive(entry));
    s.wipe();

    const result = await s.run();
    expect(result).toMatchObject({ source: 'download', cacheHit: false, sha256: payloadSha });
    expect(readFileSync(s.file).equals(payload)).toBe(true);
    expect(files.hits(s.route)).toHaveLength(2);
    expect(s.log.warns).toHaveLength(1);
    expect(s.log.warns[0]).toMatch(
      /^The cached copy of virtio-win.iso \(cache key .*\) is corrupt: sha256 [0-9a-f]{64}, expected/,
    );
    expect(s.log.warns[0]).toContain(`gh cache delete ${s.key}`);
  });

  it('keys by the URL when no sha256 is pinned', async () => {
    const s = scenario({});
    const result = await s.runAndSave();
    expect(result.sha256).toBe(payloadSha);
    expect(s.key).toMatch(new RegExp(`^virtio-win-${counter}-url-[0-9a-f]{64}$`));
    expect(actions.cacheEntry(s.key)).toBeDefined();
    expect(cacheKey('p', 'https://a.example/x')).not.toBe(cacheKey('p', 'https://a.example/y'));
  });

  it('fails clearly on a checksum mismatch and caches nothing', async () => {
    const wrong = '0'.repeat(64);
    const s = scenario({ sha256: wrong });
    const creates = actions.rpcCalls('CreateCacheEntry').length;
    const error = await s.run().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BuildError);
    expect((error as BuildError).code).toBe('checksum-mismatch');
    expect((error as BuildError).message).toContain(`expected sha256 ${wrong}, got ${payloadSha}`);
    expect(actions.rpcCalls('CreateCacheEntry')).toHaveLength(creates);
    expect(actions.cacheEntry(s.key)).toBeUndefined();
    expect(existsSync(s.file)).toBe(false);
  });

  it('warns but returns the file when the cache refuses the save', async () => {
    const s = scenario();
    actions.failBlob({ status: 502, ops: ['put-blob'] });
    expect(await s.runAndSave()).toMatchObject({ source: 'download', sha256: payloadSha });
    expect(actions.cacheEntry(s.key)).toBeUndefined();
    expect(s.log.warns).toEqual([
      expect.stringMatching(/^Could not save virtio-win.iso to the Actions cache/),
    ]);
  });

  it('just downloads outside GitHub Actions', async () => {
    const undo = applyEnv(ACTIONS_ENV_UNSET);
    try {
      const s = scenario();
      const before = actions.requests.length;
      const result = await s.run();
      expect(result).toMatchObject({ source: 'download', cacheHit: false, sha256: payloadSha });
      expect(result.save).toBeUndefined();
      expect(actions.requests).toHaveLength(before);
      expect(stdout.lines()).toEqual([]);
    } finally {
      undo();
    }
  });

  it('saves nothing until the caller accepts the download', async () => {
    const s = scenario();
    const creates = actions.rpcCalls('CreateCacheEntry').length;
    const result = await s.run();
    expect(result.source).toBe('download');
    expect(actions.rpcCalls('CreateCacheEntry')).toHaveLength(creates);
    expect(actions.cacheEntry(s.key)).toBeUndefined();
    await result.save!().wait(undefined);
    expect(actions.cacheEntry(s.key)).toBeDefined();
  });

  it('does not take a file on disk for another URL: its sidecar records where it came from', async () => {
    const s = scenario({});
    await s.run();
    // The same path, now for another URL (a new release behind a stable one), serving other bytes.
    const other = Buffer.from(payload);
    other[0] = other[0]! ^ 0xff;
    const route = `${s.route}.next`;
    const url = files.route(route, { body: other });
    const result = await s.run({ url });
    expect(result).toMatchObject({
      source: 'download',
      sha256: createHash('sha256').update(other).digest('hex'),
    });
    expect(readFileSync(s.file).equals(other)).toBe(true);
    expect(files.hits(route)).toHaveLength(1);
    expect(readFileSync(`${s.file}.sha256`, 'utf8')).toContain(`# url: ${url}\n`);
    // A sidecar without a URL (written before URLs were recorded) is not trusted either.
    writeFileSync(`${s.file}.sha256`, `${result.sha256}  virtio-win.iso\n`);
    expect((await s.run({ url })).source).toBe('download');
    // The query string (a signed URL's token) is no part of what is recorded: the file is still this URL's.
    expect((await s.run({ url: `${url}?token=secret` })).source).toBe('local');
    expect(readFileSync(`${s.file}.sha256`, 'utf8')).not.toContain('secret');
    expect(sidecarText('ab', 'f.iso', 'https://u:p@h.example/f.iso?sig=1')).toBe(
      'ab  f.iso\n# url: https://h.example/f.iso\n',
    );
  });

  it('a cache service that does not answer the lookup within the budget is a miss, with a warning', async () => {
    const s = scenario();
    await s.runAndSave();
    s.wipe();
    const stall = actions.stallTwirp('GetCacheEntryDownloadURL');
    try {
      const result = await s.run({ cacheBudget: { lookupMs: 200 } });
      expect(result).toMatchObject({ source: 'download', sha256: payloadSha });
      expect(files.hits(s.route)).toHaveLength(2);
      expect(s.log.warns).toEqual([
        `The Actions cache did not answer the lookup of ${s.key} within 200 ms: taken as a miss, downloading.`,
      ]);
    } finally {
      stall.release();
    }
  });

  it('a cancel stops waiting for a stalled cache service at once', async () => {
    const s = scenario();
    const stall = actions.stallTwirp('GetCacheEntryDownloadURL');
    const controller = new AbortController();
    const lookups = actions.rpcCalls('GetCacheEntryDownloadURL').length;
    try {
      const running = s.run({ signal: controller.signal });
      // Cancelled once the lookup is known to be hanging at the server.
      while (actions.rpcCalls('GetCacheEntryDownloadURL').length === lookups) {
        await new Promise((resolve) => setImmediate(resolve));
      }
      controller.abort();
      const error = await running.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BuildError);
      expect((error as BuildError).code).toBe('cancelled');
      expect((error as BuildError).message).toBe(
        `Waiting for the Actions cache (looking up ${s.key}) was cancelled`,
      );
      expect(files.hits(s.route)).toHaveLength(0);
    } finally {
      stall.release();
    }
  });

  it('a save that does not finish within its budget is skipped with a warning; a cancel stops the wait', async () => {
    const s = scenario();
    const result = await s.run();
    const stall = actions.stallTwirp('CreateCacheEntry');
    const running = result.save!();
    try {
      await running.wait(undefined, 200);
      expect(s.log.warns).toEqual([
        `Saving virtio-win.iso to the Actions cache (key ${s.key}) did not finish within 200 ms more: skipped, the next run downloads it again.`,
      ]);
      const controller = new AbortController();
      controller.abort();
      const error = await running.wait(controller.signal).catch((e: unknown) => e);
      expect((error as BuildError).code).toBe('cancelled');
    } finally {
      stall.release();
      // The abandoned save goes on in the background: let it end before the files go.
      await running.wait(undefined);
    }
    expect(actions.cacheEntry(s.key)).toBeDefined();
  });
});
