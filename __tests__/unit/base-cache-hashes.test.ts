/**
 * Memoised media hashes (src/cache/file-hashes.ts): a file whose path, size, mtime and inode are unchanged
 * is not read again (shown by changing its bytes behind the memo's back); touching it, resizing it or
 * replacing it re-hashes; a garbage hashes.json is ignored and rewritten.
 */
import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, renameSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { hashesFile, memoisedSha256 } from '../../src/cache/file-hashes.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

const WHEN = 1_700_000_000;

function setup(): { dir: string; file: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'base-cache-hashes-'));
  const file = path.join(dir, 'media.iso');
  writeFileSync(file, 'original');
  // Whole seconds: utimes then puts back exactly the mtime stat reports (sub-millisecond parts would round).
  utimesSync(file, WHEN, WHEN);
  return { dir, file };
}

/** Overwrites the file in place (same inode, same size) and puts its mtime back. */
function changeBehindTheMemo(file: string, text: string): void {
  const before = statSync(file);
  writeFileSync(file, text); // truncates and rewrites: the inode stays
  utimesSync(file, WHEN, WHEN);
  const after = statSync(file);
  expect([after.ino, after.size, after.mtimeMs]).toEqual([before.ino, before.size, before.mtimeMs]);
}

describe('memoisedSha256', () => {
  it('hashes a file and memoises it by absolute path', async () => {
    const { dir, file } = setup();
    expect(await memoisedSha256(dir, [file])).toEqual([sha256('original')]);
    const memo = JSON.parse(readFileSync(hashesFile(dir), 'utf8')) as Record<string, { sha256: string }>;
    expect(memo[file]?.sha256).toBe(sha256('original'));
  });

  it('does not read an unchanged file again', async () => {
    const { dir, file } = setup();
    await memoisedSha256(dir, [file]);
    changeBehindTheMemo(file, 'ORIGINAL');
    expect(await memoisedSha256(dir, [file])).toEqual([sha256('original')]);
  });

  it('hashes again when the mtime changes', async () => {
    const { dir, file } = setup();
    await memoisedSha256(dir, [file]);
    changeBehindTheMemo(file, 'ORIGINAL');
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    expect(await memoisedSha256(dir, [file])).toEqual([sha256('ORIGINAL')]);
  });

  it('hashes again when the size or the inode changes', async () => {
    const { dir, file } = setup();
    await memoisedSha256(dir, [file]);
    writeFileSync(file, 'longer text');
    utimesSync(file, WHEN, WHEN);
    expect(await memoisedSha256(dir, [file])).toEqual([sha256('longer text')]);
    // Same size and mtime, but a new file put in its place.
    const replacement = path.join(dir, 'replacement');
    writeFileSync(replacement, 'LONGER TEXT');
    utimesSync(replacement, WHEN, WHEN);
    renameSync(replacement, file);
    expect(await memoisedSha256(dir, [file])).toEqual([sha256('LONGER TEXT')]);
  });

  it.each(['not json', '[1,2]', '{"x": {"size": "big"}}', ''])(
    'ignores and rewrites hashes.json %j',
    async (garbage) => {
      const { dir, file } = setup();
      writeFileSync(hashesFile(dir), garbage);
      expect(await memoisedSha256(dir, [file])).toEqual([sha256('original')]);
      expect(Object.keys(JSON.parse(readFileSync(hashesFile(dir), 'utf8')) as object)).toEqual([file]);
    },
  );
});
