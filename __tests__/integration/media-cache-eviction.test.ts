/**
 * The local media cache's store on a real file system: a file comes in only verified, eviction keeps the most
 * recently used within the byte limit and never removes a file another running process uses (users/), while
 * a process that is gone holds nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import { MediaCache } from '../../src/deps/media-cache.js';
import { holderText } from '../../src/deps/media-cache-users.js';
import { processStartTime } from '../../src/tools/process-identity.js';
import { silentLogger } from '../../src/log.js';
import { tempDir } from '../support/cli.js';

let root: string;
beforeAll(() => {
  root = tempDir('media-cache-store');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const sha = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/** A 100-byte source file with its sha256. */
function source(name: string): { file: string; sha256: string } {
  const bytes = Buffer.alloc(100, name);
  const file = path.join(root, `${name}.src`);
  writeFileSync(file, bytes);
  return { file, sha256: sha(bytes) };
}

/** A cache whose clock is day N of December, so that "least recently used" is exact. */
function cacheAt(dir: string, maxBytes: number, day: { n: number }): MediaCache {
  return new MediaCache(dir, maxBytes, silentLogger, () => new Date(Date.UTC(2026, 11, day.n)));
}

const cached = (dir: string): string[] => readdirSync(path.join(dir, 'files')).sort();

describe('MediaCache', () => {
  it('takes in a file only when it hashes to its sha256', async () => {
    const dir = path.join(root, 'verify');
    const cache = cacheAt(dir, 1000, { n: 1 });
    const a = source('a');
    await cache.add('key-a', a.file, 'f'.repeat(64));
    expect(cached(dir)).toEqual([]);
    expect(await cache.lookup('key-a')).toBeUndefined();
    await cache.add('key-a', a.file, a.sha256);
    expect(await cache.lookup('key-a', a.sha256)).toEqual({
      path: path.join(dir, 'files', a.sha256),
      sha256: a.sha256,
      size: 100,
    });
    // A pinned sha256 that is not the cached file's is a miss.
    expect(await cache.lookup('key-a', 'e'.repeat(64))).toBeUndefined();
    await cache.release();
  });

  it('evicts the least recently used beyond the limit, never a file a running process uses', async () => {
    const dir = path.join(root, 'evict');
    const day = { n: 1 };
    const cache = cacheAt(dir, 250, day);
    const [a, b, c, d, e] = ['a', 'b', 'c', 'd', 'e'].map(source) as ReturnType<typeof source>[];
    await cache.add('a', a!.file, a!.sha256);
    day.n = 2;
    await cache.add('b', b!.file, b!.sha256);
    day.n = 3;
    await cache.add('c', c!.file, c!.sha256);
    // 300 bytes over a 250-byte limit: the oldest, a, goes.
    expect(cached(dir)).toEqual([b!.sha256, c!.sha256].sort());
    expect(await cache.lookup('a')).toBeUndefined();

    // Another job (a live process) uses b, now the oldest.
    const job = spawn('sleep', ['600'], { stdio: 'ignore' });
    await once(job, 'spawn');
    const holder = { pid: job.pid!, start: processStartTime(job.pid!) };
    mkdirSync(path.join(dir, 'users'), { recursive: true });
    writeFileSync(path.join(dir, 'users', `${b!.sha256}.other-job`), holderText(holder));
    day.n = 4;
    await cache.add('d', d!.file, d!.sha256);
    expect(cached(dir)).toEqual([b!.sha256, d!.sha256].sort());

    // That job is gone: its users file holds nothing, and b goes as the oldest.
    await stop(job);
    day.n = 5;
    await cache.add('e', e!.file, e!.sha256);
    expect(cached(dir)).toEqual([d!.sha256, e!.sha256].sort());
    expect(existsSync(path.join(dir, 'users', `${b!.sha256}.other-job`))).toBe(false);
    const index = JSON.parse(readFileSync(path.join(dir, 'index.json'), 'utf8')) as { keys: object };
    expect(Object.keys(index.keys).sort()).toEqual(['d', 'e']);
  });

  it("this process's lookup protects its file until release", async () => {
    const dir = path.join(root, 'own-use');
    const day = { n: 1 };
    const cache = cacheAt(dir, 150, day);
    const [a, b, c] = ['a', 'b', 'c'].map(source) as ReturnType<typeof source>[];
    await cache.add('a', a!.file, a!.sha256);
    // A lookup on day 1 leaves a the oldest once b comes.
    expect(await cache.lookup('a')).toBeDefined();
    day.n = 2;
    await cache.add('b', b!.file, b!.sha256);
    expect(cached(dir)).toEqual([a!.sha256]);
    await cache.release();
    expect(readdirSync(path.join(dir, 'users'))).toEqual([]);
    day.n = 3;
    await cache.add('c', c!.file, c!.sha256);
    expect(cached(dir)).toEqual([c!.sha256]);
  });
});

async function stop(child: ChildProcess): Promise<void> {
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}
