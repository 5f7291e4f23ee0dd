/**
 * Eviction: oldest lastUsedAt first, while there are more bases than keepNewest or they take more than
 * maxBytes. A base with a live user or a held build lock is never removed; leftovers of interrupted stores
 * and removals (bases/.KEY.tmp-*, .KEY.trash-*) whose process is gone are cleaned up on the way.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { removeDir } from './atomic-file.js';
import { readBaseRecord } from './base-record.js';
import { isLocked } from './build-lock.js';
import { isAlive } from '../tools/process-identity.js';
import { liveUsers } from './users.js';

export interface EvictLimits {
  /** Keep at most this many bases. */
  keepNewest?: number;
  /** Keep the bases' total size at most this. */
  maxBytes?: number;
  /** The build lock's staleness (build-lock.ts). */
  lockStaleMs?: number;
}

export interface EvictedBase {
  key: string;
  sizeBytes: number;
  lastUsedAt: string;
}

/** Bytes of the files under `dir`. */
export function directoryBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    total += entry.isDirectory() ? directoryBytes(file) : statSync(file).size;
  }
  return total;
}

interface Candidate extends EvictedBase {
  dir: string;
}

export async function evictBases(cacheDir: string, limits: EvictLimits): Promise<EvictedBase[]> {
  const basesDir = path.join(cacheDir, 'bases');
  const candidates: Candidate[] = [];
  for (const name of readdirSync(basesDir)) {
    const dir = path.join(basesDir, name);
    const leftover = /^\.[0-9a-f]{64}\.(tmp-(\d+)-|trash-)/.exec(name);
    if (leftover) {
      // A store's temporary directory carries its pid; trash is always abandoned.
      if (!leftover[2] || !isAlive({ pid: Number(leftover[2]) })) removeDir(dir);
      continue;
    }
    if (!/^[0-9a-f]{64}$/.test(name)) continue;
    const record = readBaseRecord(dir, name);
    candidates.push({
      key: name,
      dir,
      sizeBytes: directoryBytes(dir),
      // A base without a readable record is the first to go.
      lastUsedAt: typeof record === 'string' ? new Date(0).toISOString() : record.lastUsedAt,
    });
  }
  candidates.sort((a, b) => Date.parse(a.lastUsedAt) - Date.parse(b.lastUsedAt));
  let count = candidates.length;
  let bytes = candidates.reduce((sum, base) => sum + base.sizeBytes, 0);
  const over = () =>
    (limits.keepNewest !== undefined && count > limits.keepNewest) ||
    (limits.maxBytes !== undefined && bytes > limits.maxBytes);
  const removed: EvictedBase[] = [];
  for (const base of candidates) {
    if (!over()) break;
    if (liveUsers(base.dir).length > 0) continue;
    if (await isLocked(cacheDir, base.key, limits.lockStaleMs)) continue;
    removeDir(base.dir);
    count -= 1;
    bytes -= base.sizeBytes;
    removed.push({ key: base.key, sizeBytes: base.sizeBytes, lastUsedAt: base.lastUsedAt });
  }
  return removed;
}
