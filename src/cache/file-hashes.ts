/**
 * SHA-256 of media files memoised in DIR/hashes.json by absolute path, size, mtime and inode: a 6 GB ISO is
 * hashed once, not every night. A file whose size, mtime or inode changed is hashed again. An unreadable or
 * malformed hashes.json is ignored (and rewritten): it is only a memo, never the truth about a base.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { sha256File } from '../tools/hash.js';
import { writeFileAtomic } from './atomic-file.js';

interface MemoEntry {
  size: number;
  mtimeMs: number;
  ino: number;
  sha256: string;
}

type Memo = Record<string, MemoEntry>;

function isEntry(value: unknown): value is MemoEntry {
  const entry = value as MemoEntry;
  return (
    typeof entry === 'object' &&
    entry !== null &&
    typeof entry.size === 'number' &&
    typeof entry.mtimeMs === 'number' &&
    typeof entry.ino === 'number' &&
    typeof entry.sha256 === 'string' &&
    /^[0-9a-f]{64}$/.test(entry.sha256)
  );
}

/** The valid entries of hashes.json; anything unreadable gives an empty memo. */
function readMemo(file: string): Memo {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {};
    return Object.fromEntries(Object.entries(parsed).filter(([, entry]) => isEntry(entry))) as Memo;
  } catch {
    return {};
  }
}

export function hashesFile(cacheDir: string): string {
  return path.join(cacheDir, 'hashes.json');
}

/** The sha256 of each file (in order), from the memo where the file is unchanged, else hashed and memoised. */
export async function memoisedSha256(cacheDir: string, files: readonly string[]): Promise<string[]> {
  const memoFile = hashesFile(cacheDir);
  const memo = readMemo(memoFile);
  let changed = false;
  const hashes: string[] = [];
  for (const file of files) {
    const absolute = path.resolve(file);
    const stats = statSync(absolute);
    const known = memo[absolute];
    if (known && known.size === stats.size && known.mtimeMs === stats.mtimeMs && known.ino === stats.ino) {
      hashes.push(known.sha256);
      continue;
    }
    const sha256 = await sha256File(absolute);
    // Stat again: a file that changed while it was hashed is not memoised under the newer stats.
    const after = statSync(absolute);
    if (after.size === stats.size && after.mtimeMs === stats.mtimeMs && after.ino === stats.ino) {
      memo[absolute] = { size: stats.size, mtimeMs: stats.mtimeMs, ino: stats.ino, sha256 };
      changed = true;
    }
    hashes.push(sha256);
  }
  // Another build may have added entries meanwhile: merge ours into what is there now.
  if (changed) writeFileAtomic(memoFile, `${JSON.stringify({ ...readMemo(memoFile), ...memo }, null, 2)}\n`);
  return hashes;
}
