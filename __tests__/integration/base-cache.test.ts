/**
 * The base cache (src/cache) with the real qemu-img and qemu-io: store → lookup, an overlay that leaves the
 * base untouched, flattening into a standalone image, corrupt and incomplete bases, the build lock raced by
 * two node processes, and eviction that spares bases in use by live processes only.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  utimesSync,
  writeSync,
  closeSync,
  existsSync,
  writeFileSync,
} from 'node:fs';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { BaseCache } from '../../src/cache/base-cache.js';
import { readBaseRecord, writeBaseRecord } from '../../src/cache/base-record.js';
import { directoryBytes } from '../../src/cache/evict.js';
import { baseKey, type RecordedInputs } from '../../src/cache/key.js';
import { cacheSecret } from '../../src/cache/secret.js';
import { sha256File } from '../../src/tools/hash.js';
import {
  convertCoroutines,
  createOverlay,
  flattenArgs,
  requireStandalone,
} from '../../src/tools/qemu-img.js';
import { secretForms } from '../../src/unattend/secret-forms.js';
import { run } from '../support/media.js';
import { killChild, startChild, transpiledSources, type Child } from '../support/base-cache.js';

const PASSWORD = 'S3cret "base" <pass>';
const INPUTS = {
  isoSha256: '1'.repeat(64),
  virtioSha256: '2'.repeat(64),
  firmware: 'uefi' as const,
  diskSizeMiB: 16,
  os: 'w11',
  edition: 'Windows 11 Pro',
  toolVersion: 'test',
};

let sources: string;
const children: Child[] = [];

beforeAll(() => {
  sources = transpiledSources();
});
afterEach(async () => {
  for (const child of children.splice(0)) await killChild(child);
});
afterAll(() => rmSync(sources, { recursive: true, force: true }));

const tmp = (prefix: string) => mkdtempSync(path.join(os.tmpdir(), prefix));
const key = (n: number) => n.toString(16).padStart(64, '0');

/** A 16 MiB qcow2 "install disk" with 0xcd in its first 2 MiB. */
async function installDisk(): Promise<string> {
  const disk = path.join(tmp('install-'), 'disk.qcow2');
  await run('qemu-img', ['create', '-q', '-f', 'qcow2', disk, '16M']);
  await run('qemu-io', ['-c', 'write -P 0xcd 0 2M', disk]);
  return disk;
}

function keyed(password = PASSWORD, dir: string): { key: string; recorded: RecordedInputs } {
  return baseKey(
    {
      ...INPUTS,
      renderedFiles: [
        { name: 'autounattend.xml', text: `<Value>${secretForms(password).join('|')}</Value>` },
      ],
    },
    { password, cacheSecret: cacheSecret(dir), passwordForms: secretForms(password) },
  );
}

async function storedBase(cache: BaseCache, k: string): Promise<void> {
  await cache.store(k, { disk: await installDisk() }, keyed(PASSWORD, cache.dir).recorded);
}

describe('store and lookup', () => {
  it('stores a compacted, read-only base and finds it again; no password anywhere under DIR', async () => {
    const cache = BaseCache.open(path.join(tmp('cache-'), 'DIR'));
    const { key: k, recorded } = keyed(PASSWORD, cache.dir);
    const state = tmp('state-');
    writeFileSync(path.join(state, 'OVMF_VARS.fd'), 'vars');
    mkdirSync(path.join(state, 'tpm'));
    writeFileSync(path.join(state, 'tpm', 'tpm2-00.permall'), 'tpm');
    expect(await cache.lookup(k)).toEqual({ hit: false, reason: 'no base for this key' });

    const stored = await cache.store(
      k,
      {
        disk: await installDisk(),
        ovmfVars: path.join(state, 'OVMF_VARS.fd'),
        tpmDir: path.join(state, 'tpm'),
      },
      recorded,
    );
    const found = await cache.lookup(k);
    expect(found).toEqual({ hit: true, base: stored });
    expect(stored.dir).toBe(path.join(cache.dir, 'bases', k));
    expect(readFileSync(stored.ovmfVars!, 'utf8')).toBe('vars');
    expect(readFileSync(path.join(stored.tpmDir!, 'tpm2-00.permall'), 'utf8')).toBe('tpm');
    expect(statSync(stored.disk).mode & 0o777).toBe(0o400);
    for (const dir of [cache.dir, path.join(cache.dir, 'bases'), stored.dir]) {
      expect(statSync(dir).mode & 0o777).toBe(0o700);
    }
    expect(stored.record.disk.sha256).toBe(await sha256File(stored.disk));
    expect(stored.record.inputs.renderedFiles[0]?.name).toBe('autounattend.xml');
    expect(readdirSync(path.join(cache.dir, 'bases'))).toEqual([k]); // no temporary left

    const everything = readdirSync(cache.dir, { recursive: true, encoding: 'utf8' })
      .map((name) => path.join(cache.dir, name))
      .filter((file) => statSync(file).isFile())
      .map((file) => readFileSync(file).toString('latin1'))
      .join('\n');
    for (const form of secretForms(PASSWORD)) expect(everything).not.toContain(form);
    expect(everything).toContain(k);
  });

  it('boots writes into an overlay, never the base, and flattens them into a standalone image', async () => {
    const cache = BaseCache.open(tmp('cache-'));
    const k = key(1);
    await storedBase(cache, k);
    const found = await cache.lookup(k);
    if (!found.hit) throw new Error(found.reason);
    const work = tmp('work-');
    const overlay = path.join(work, 'overlay.qcow2');
    await createOverlay(found.base.disk, overlay);
    await run('qemu-io', ['-c', 'write -P 0xab 0 1M', overlay]);
    expect(await sha256File(found.base.disk)).toBe(found.base.record.disk.sha256);
    expect((await cache.lookup(k)).hit).toBe(true);
    await expect(requireStandalone(overlay)).rejects.toThrow('backing file');

    const flat = path.join(work, 'flat.qcow2');
    await run('qemu-img', flattenArgs(overlay, flat, convertCoroutines()));
    await requireStandalone(flat);
    rmSync(overlay);
    await run('qemu-io', ['-r', '-c', 'read -P 0xab 0 1M', flat]); // the overlay's data
    await run('qemu-io', ['-r', '-c', 'read -P 0xcd 1M 1M', flat]); // the base's data below it
    await expect(run('qemu-io', ['-r', '-c', 'read -P 0xcd 0 1M', flat])).rejects.toThrow();
  });

  it('storing a key that is already there keeps the first base and leaves no temporary behind', async () => {
    const cache = BaseCache.open(tmp('cache-'));
    await storedBase(cache, key(8));
    const first = await cache.lookup(key(8));
    const again = await cache.store(
      key(8),
      { disk: await installDisk() },
      keyed(PASSWORD, cache.dir).recorded,
    );
    expect(first).toEqual({ hit: true, base: again });
    expect(readdirSync(path.join(cache.dir, 'bases'))).toEqual([key(8)]);
  });

  it('use() of a base that is gone fails and does not bring its directory back', async () => {
    const cache = BaseCache.open(tmp('cache-'));
    expect(() => cache.use(key(14))).toThrow('vanished before it was used');
    expect(existsSync(cache.baseDir(key(14)))).toBe(false);
    await storedBase(cache, key(14));
    const release = cache.use(key(14));
    expect(readdirSync(path.join(cache.baseDir(key(14)), 'users'))).toHaveLength(1);
    release();
    expect(readdirSync(path.join(cache.baseDir(key(14)), 'users'))).toHaveLength(0);
  });

  it('a truncated disk is a miss, and the base is removed', async () => {
    const cache = BaseCache.open(tmp('cache-'));
    await storedBase(cache, key(2));
    const disk = path.join(cache.baseDir(key(2)), 'disk.qcow2');
    chmodSync(disk, 0o600);
    truncateSync(disk, statSync(disk).size - 4096);
    const found = await cache.lookup(key(2));
    expect(found).toEqual({ hit: false, reason: expect.stringContaining('changed since it was stored') });
    expect(existsSync(cache.baseDir(key(2)))).toBe(false);
  });

  it('a disk corrupted in place (same size and mtime) fails qemu-img check: a miss, removed', async () => {
    const cache = BaseCache.open(tmp('cache-'));
    await storedBase(cache, key(3));
    const disk = path.join(cache.baseDir(key(3)), 'disk.qcow2');
    const before = statSync(disk);
    chmodSync(disk, 0o600);
    const fd = openSync(disk, 'r+');
    writeSync(fd, Buffer.alloc(4, 0xff), 0, 4, 0); // the qcow2 magic
    closeSync(fd);
    utimesSync(disk, before.atime, before.mtime);
    const record = readBaseRecord(cache.baseDir(key(3)), key(3));
    if (typeof record === 'string') throw new Error(record);
    writeBaseRecord(cache.baseDir(key(3)), {
      ...record,
      disk: { ...record.disk, mtimeMs: statSync(disk).mtimeMs },
    });
    const found = await cache.lookup(key(3));
    expect(found).toEqual({ hit: false, reason: expect.stringContaining('fails qemu-img check') });
    expect(existsSync(cache.baseDir(key(3)))).toBe(false);
  });

  it('a base without base.json is a miss and removed; one in use by a live process is kept', async () => {
    const cache = BaseCache.open(tmp('cache-'));
    await storedBase(cache, key(4));
    await storedBase(cache, key(5));
    const user = startChild(sources, ['use', cache.dir, key(5)]);
    children.push(user);
    expect((await user.result).outcome).toBe('using');
    for (const k of [key(4), key(5)]) rmSync(path.join(cache.baseDir(k), 'base.json'));
    expect(await cache.lookup(key(4))).toEqual({ hit: false, reason: expect.stringContaining('base.json') });
    expect(existsSync(cache.baseDir(key(4)))).toBe(false);
    expect(await cache.lookup(key(5))).toEqual({ hit: false, reason: expect.stringContaining('kept') });
    expect(existsSync(cache.baseDir(key(5)))).toBe(true);
  });
});

describe('the build lock', () => {
  it('two processes racing lock → lookup → store: one stores, the other waits and hits', async () => {
    const dir = tmp('cache-');
    BaseCache.open(dir);
    const signals = tmp('signals-');
    const disk = await installDisk();
    const racers = [0, 1].map(() => startChild(sources, ['build', dir, key(6), disk, signals]));
    children.push(...racers);
    const outcomes = (await Promise.all(racers.map((racer) => racer.result))).map((r) => r.outcome).sort();
    expect(outcomes).toEqual(['hit-after-wait', 'stored']);
    expect((await BaseCache.open(dir).lookup(key(6))).hit).toBe(true);
  });

  it('takes over the lock of a killed process; waiting can be cancelled and is bounded', async () => {
    const cache = BaseCache.open(tmp('cache-'));
    const holder = startChild(sources, ['lock', cache.dir, key(7)]);
    children.push(holder);
    expect((await holder.result).outcome).toBe('locked');

    const controller = new AbortController();
    const waiting = cache.lock(key(7), {
      timeoutMs: 60_000,
      staleMs: 2000,
      signal: controller.signal,
      onWait: () => controller.abort(),
    });
    await expect(waiting).rejects.toMatchObject({ code: 'cancelled' });
    await expect(cache.lock(key(7), { timeoutMs: 0, staleMs: 2000 })).rejects.toMatchObject({
      code: 'timeout',
    });

    await killChild(holder);
    const release = await cache.lock(key(7), { timeoutMs: 60_000, staleMs: 2000, pollMs: 200 });
    await release();
  });
});

describe('eviction', () => {
  async function threeBases(): Promise<BaseCache> {
    const cache = BaseCache.open(tmp('cache-'));
    for (const n of [11, 12, 13]) {
      await storedBase(cache, key(n));
      const record = readBaseRecord(cache.baseDir(key(n)), key(n));
      if (typeof record === 'string') throw new Error(record);
      // 11 is the oldest, 13 the newest.
      writeBaseRecord(cache.baseDir(key(n)), {
        ...record,
        lastUsedAt: new Date(Date.UTC(2026, 0, n)).toISOString(),
      });
    }
    return cache;
  }
  const left = (cache: BaseCache) => readdirSync(path.join(cache.dir, 'bases')).sort();

  it('by count: the oldest go first', async () => {
    const cache = await threeBases();
    const removed = await cache.evict({ keepNewest: 1 });
    expect(removed.map((base) => base.key)).toEqual([key(11), key(12)]);
    expect(left(cache)).toEqual([key(13)]);
  });

  it('by bytes: the oldest go until the rest fit', async () => {
    const cache = await threeBases();
    const bytes = (n: number) => directoryBytes(cache.baseDir(key(n)));
    const [b11, b12, b13] = [bytes(11), bytes(12), bytes(13)];
    expect(await cache.evict({ maxBytes: b11 + b12 + b13 })).toEqual([]);
    expect(await cache.evict({ maxBytes: b12 + b13 })).toEqual([
      { key: key(11), sizeBytes: b11, lastUsedAt: new Date(Date.UTC(2026, 0, 11)).toISOString() },
    ]);
    expect((await cache.evict({ maxBytes: b13 + b12 - 1 })).map((base) => base.key)).toEqual([key(12)]);
    expect(left(cache)).toEqual([key(13)]);
  });

  it('removes what interrupted stores left, unless their process still runs', async () => {
    const cache = BaseCache.open(tmp('cache-'));
    const gone = spawnSync(process.execPath, ['-e', '0']); // a pid whose process has ended
    const abandoned = path.join(cache.dir, 'bases', `.${key(9)}.tmp-${gone.pid}-0000`);
    const running = path.join(cache.dir, 'bases', `.${key(10)}.tmp-${process.pid}-0000`);
    const trash = path.join(cache.dir, 'bases', `.${key(9)}.trash-0000`);
    for (const dir of [abandoned, running, trash]) mkdirSync(dir);
    expect(await cache.evict({})).toEqual([]);
    expect(readdirSync(path.join(cache.dir, 'bases'))).toEqual([path.basename(running)]);
  });

  it('skips a base in use by a live process, not one whose user is dead, nor one being built', async () => {
    const cache = await threeBases();
    const live = startChild(sources, ['use', cache.dir, key(11)]);
    const dead = startChild(sources, ['use', cache.dir, key(12)]);
    const builder = startChild(sources, ['lock', cache.dir, key(13)]);
    children.push(live, dead, builder);
    await Promise.all([live.result, dead.result, builder.result]);
    await killChild(dead);
    expect(readdirSync(path.join(cache.baseDir(key(12)), 'users'))).toHaveLength(1); // stale, still there
    const removed = await cache.evict({ keepNewest: 0 });
    expect(removed.map((base) => base.key)).toEqual([key(12)]);
    expect(left(cache)).toEqual([key(11), key(13)]);
  });
});
