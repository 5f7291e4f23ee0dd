/**
 * The cached base install (`--base-cache DIR`, notes/nightly-baseline.md "Base cache layout"). A miss: the
 * build installs Windows, shuts down cleanly and store()s the disk (under lock(), so a second build of the
 * same key waits and then hits). A hit: the build use()s the base and boots an overlay backed by its
 * read-only disk.qcow2; at the end the overlay is flattened into the output (tools/qemu-img flattenArgs).
 *
 *   const cache = BaseCache.open(dir);
 *   let found = await cache.lookup(key);
 *   if (!found.hit) {
 *     const unlock = await cache.lock(key, { timeoutMs, signal });
 *     try { found = await cache.lookup(key); if (!found.hit) found = { hit: true, base: await cache.store(…) }; }
 *     finally { await unlock(); }
 *   }
 *   const release = cache.use(key); … overlay on found.base.disk … flatten … release();
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import path from 'node:path';
import { BuildError } from '../errors.js';
import { sha256File } from '../tools/hash.js';
import { checkImage, convertCoroutines, convertImage } from '../tools/qemu-img.js';
import { removeDir } from './atomic-file.js';
import { BASE_FILES, readBaseRecord, writeBaseRecord, type BaseRecord } from './base-record.js';
import { evictBases, type EvictedBase, type EvictLimits } from './evict.js';
import { takeBuildLock, type LockOptions } from './build-lock.js';
import type { RecordedInputs } from './key.js';
import { liveUsers, registerUser } from './users.js';

export interface CachedBase {
  key: string;
  dir: string;
  /** Read-only: only ever an overlay's backing file. */
  disk: string;
  ovmfVars?: string;
  tpmDir?: string;
  record: BaseRecord;
}

export type LookupResult = { hit: true; base: CachedBase } | { hit: false; reason: string };

export interface StoreSources {
  /** The install disk, after a clean shutdown. */
  disk: string;
  /** A QEMU halted after the guest's power-off still holds the disk open (qemu-img convert -U). */
  inUse?: boolean;
  ovmfVars?: string;
  tpmDir?: string;
}

export class BaseCache {
  private constructor(readonly dir: string) {}

  /** Opens (creating) DIR with bases/ and locks/, all 0700. */
  static open(dir: string): BaseCache {
    const absolute = path.resolve(dir);
    for (const sub of ['', 'bases', 'locks']) {
      mkdirSync(path.join(absolute, sub), { recursive: true, mode: 0o700 });
    }
    chmodSync(absolute, 0o700);
    return new BaseCache(absolute);
  }

  baseDir(key: string): string {
    if (!/^[0-9a-f]{64}$/.test(key)) throw new BuildError('internal', `Not a base cache key: ${key}`);
    return path.join(this.dir, 'bases', key);
  }

  /** A verified base, or a miss with its reason. A corrupt base nobody uses is removed. */
  async lookup(key: string, signal?: AbortSignal): Promise<LookupResult> {
    const dir = this.baseDir(key);
    if (!existsSync(dir)) return { hit: false, reason: 'no base for this key' };
    const problem = await this.verify(dir, key, signal);
    if (typeof problem !== 'string') return { hit: true, base: problem };
    if (liveUsers(dir).length > 0)
      return { hit: false, reason: `the base ${problem}; kept: a build uses it` };
    removeDir(dir);
    return { hit: false, reason: `the base ${problem}; removed it` };
  }

  private async verify(dir: string, key: string, signal?: AbortSignal): Promise<CachedBase | string> {
    const record = readBaseRecord(dir, key);
    if (typeof record === 'string') return record;
    const disk = path.join(dir, BASE_FILES.disk);
    let stats;
    try {
      stats = statSync(disk);
    } catch {
      return `has no ${BASE_FILES.disk}`;
    }
    if (stats.size !== record.disk.sizeBytes || stats.mtimeMs !== record.disk.mtimeMs) {
      return `${BASE_FILES.disk} changed since it was stored (size or mtime)`;
    }
    const ovmfVars = path.join(dir, BASE_FILES.vars);
    const tpmDir = path.join(dir, BASE_FILES.tpm);
    if (record.ovmfVars && !existsSync(ovmfVars)) return `has no ${BASE_FILES.vars}`;
    if (record.tpm && !existsSync(tpmDir)) return `has no ${BASE_FILES.tpm}/`;
    try {
      await checkImage(disk, signal);
    } catch (error) {
      if (error instanceof BuildError && error.code === 'cancelled') throw error;
      return `fails qemu-img check: ${(error as Error).message.split('\n')[0]}`;
    }
    return {
      key,
      dir,
      disk,
      ovmfVars: record.ovmfVars ? ovmfVars : undefined,
      tpmDir: record.tpm ? tpmDir : undefined,
      record,
    };
  }

  /** Holds off other builders of `key` while this one makes its base; resolves to the release. */
  lock(key: string, options: LockOptions): Promise<() => Promise<void>> {
    this.baseDir(key); // validates the key: it names files
    return takeBuildLock(this.dir, key, options);
  }

  /**
   * Compacts `sources.disk` into bases/.KEY.tmp-…/disk.qcow2 (zstd, parallel), copies the firmware state,
   * writes base.json, makes the disk 0400 and renames the whole directory to bases/KEY.
   */
  async store(
    key: string,
    sources: StoreSources,
    inputs: RecordedInputs,
    signal?: AbortSignal,
  ): Promise<CachedBase> {
    const final = this.baseDir(key);
    const temporary = path.join(
      this.dir,
      'bases',
      `.${key}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`,
    );
    mkdirSync(temporary, { mode: 0o700 });
    try {
      const disk = path.join(temporary, BASE_FILES.disk);
      await convertImage(
        {
          source: sources.disk,
          target: disk,
          compress: true,
          coroutines: convertCoroutines(),
          sourceInUse: sources.inUse,
        },
        signal,
      );
      await checkImage(disk, signal);
      if (sources.ovmfVars) copyFileSync(sources.ovmfVars, path.join(temporary, BASE_FILES.vars));
      if (sources.tpmDir) cpSync(sources.tpmDir, path.join(temporary, BASE_FILES.tpm), { recursive: true });
      chmodSync(disk, 0o400);
      const stats = statSync(disk);
      const now = new Date().toISOString();
      writeBaseRecord(temporary, {
        key,
        inputs,
        disk: { sizeBytes: stats.size, mtimeMs: stats.mtimeMs, sha256: await sha256File(disk) },
        ovmfVars: Boolean(sources.ovmfVars),
        tpm: Boolean(sources.tpmDir),
        createdAt: now,
        lastUsedAt: now,
      });
      mkdirSync(path.join(temporary, 'users'), { mode: 0o700 });
      try {
        renameSync(temporary, final);
      } catch (error) {
        // Another build stored this key first (without the lock, or after taking over a stale one): keep theirs.
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw error;
        removeDir(temporary);
      }
    } catch (error) {
      removeDir(temporary);
      throw error;
    }
    const stored = await this.lookup(key, signal);
    if (!stored.hit) throw new BuildError('internal', `The base just stored for ${key} ${stored.reason}`);
    return stored.base;
  }

  /** Removes the oldest bases (by lastUsedAt) beyond the limits, never one in use or being built. */
  evict(limits: EvictLimits): Promise<EvictedBase[]> {
    return evictBases(this.dir, limits);
  }

  /** Registers this build as a user of the base (eviction skips it) and marks it used now. */
  use(key: string): () => void {
    const dir = this.baseDir(key);
    const vanished = (why: string) =>
      new BuildError('internal', `The cached base ${key} vanished before it was used: ${why}`, {
        hint: 'Another build evicted or removed it; run the build again (it makes the base anew).',
      });
    let release: () => void;
    try {
      release = registerUser(dir);
    } catch (error) {
      throw vanished((error as Error).message);
    }
    // Registered first, then read: an eviction that missed this user has moved the base away, so this fails.
    const record = readBaseRecord(dir, key);
    if (typeof record === 'string') {
      release();
      throw vanished(record);
    }
    writeBaseRecord(dir, { ...record, lastUsedAt: new Date().toISOString() });
    return release;
  }
}
