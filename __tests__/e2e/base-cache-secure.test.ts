/**
 * A cached base with Secure Boot and a TPM (uefi-secure): the base keeps the UEFI variable store and the TPM
 * state with the disk, and a hit boots with copies of both (the base's own files stay as they were).
 */
import { afterEach, expect, it, jest } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { sha256File } from '../../src/tools/hash.js';
import { recordingLogger } from '../support/build.js';
import { expectNothingLeft, standinBuilder, standinFixture } from '../support/e2e.js';

// Whole bakes of the stand-in under TCG take minutes.
jest.setTimeout(900_000);

const fixture = standinFixture('bases-secure');
afterEach(() => expectNothingLeft(fixture.dir));

/** sha256 of every file of a directory tree, by relative name. */
async function treeHashes(dir: string): Promise<Record<string, string>> {
  const hashes: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    hashes[path.relative(dir, file)] = await sha256File(file);
  }
  return hashes;
}

it('keeps the UEFI vars and the TPM state with the base; a hit boots with copies of them', async () => {
  const cache = path.join(fixture.dir, 'bases');
  const input = { firmware: 'uefi-secure' as const, memoryMiB: 4096, baseCache: cache };
  const cold = await standinBuilder(fixture.media, fixture.dir, input).build();
  expect(cold.kind === 'image' && cold.base?.status).toBe('miss');
  const [key] = readdirSync(path.join(cache, 'bases')).filter((name) => !name.startsWith('.'));
  const dir = path.join(cache, 'bases', key!);
  const record = JSON.parse(readFileSync(path.join(dir, 'base.json'), 'utf8')) as {
    ovmfVars: boolean;
    tpm: boolean;
  };
  expect(record).toMatchObject({ ovmfVars: true, tpm: true });
  expect(readdirSync(path.join(dir, 'tpm')).length).toBeGreaterThan(0);
  // users/ changes while a build uses the base; everything else must not.
  const before = await treeHashes(dir);
  delete before['base.json'];

  const logger = recordingLogger();
  const warm = await standinBuilder(fixture.media, fixture.dir, input, undefined, logger).build();
  expect(warm.kind === 'image' && warm.base?.status).toBe('hit');
  const said = logger.lines.join('\n');
  expect(said).toMatch(/TPM 2\.0 emulator \(swtpm\) started/);
  expect(said).toMatch(/Logged in on the first boot of the base/);
  const after = await treeHashes(dir);
  delete after['base.json'];
  expect(after).toEqual(before);
});
