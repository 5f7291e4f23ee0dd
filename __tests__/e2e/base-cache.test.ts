/**
 * The cached base install (BIOS): two builds of one key at once (one installs and keeps the base, the other
 * waits and boots it, then runs Windows Update on it), a failing provisioning script on a hit, and a base
 * corrupted behind the cache's back (a miss that installs again). The base is never written.
 */
import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, readFileSync, statSync, truncateSync } from 'node:fs';
import path from 'node:path';
import type { BuildResult } from '../../src/bake/builder.js';
import { sha256File } from '../../src/tools/hash.js';
import { failureOf, recordingLogger } from '../support/build.js';
import { expectBundle, HOSTILE_PASSWORD, passwordBytes } from '../support/bundle.js';
import { REPO } from '../support/cli.js';
import { expectNothingLeft, standinBuilder, standinFixture } from '../support/e2e.js';

// Whole bakes of the stand-in under TCG take minutes.
jest.setTimeout(900_000);

const fixture = standinFixture('bases');
afterEach(() => expectNothingLeft(fixture.dir));

const EXAMPLE = path.join(REPO, 'examples', 'provision', 'baseline.ps1');
const FAILS = path.join(REPO, '__tests__', 'fixtures', 'provision', 'fails.ps1');

/** The one base in the cache: its directory and its base.json. */
function onlyBase(cache: string): { dir: string; record: { disk: { sha256: string }; key: string } } {
  const keys = readdirSync(path.join(cache, 'bases')).filter((name) => !name.startsWith('.'));
  expect(keys).toHaveLength(1);
  const dir = path.join(cache, 'bases', keys[0]!);
  return { dir, record: JSON.parse(readFileSync(path.join(dir, 'base.json'), 'utf8')) };
}

function image(result: BuildResult): Extract<BuildResult, { kind: 'image' }> {
  if (result.kind !== 'image') throw new Error('no image');
  return result;
}

describe('the base cache', () => {
  const cache = (): string => path.join(fixture.dir, 'bases');
  const input = { firmware: 'bios' as const, password: HOSTILE_PASSWORD, baseCache: '' };

  it('two builds of one key at once: one installs and keeps the base, the other waits and boots it', async () => {
    const cold = recordingLogger();
    const warm = recordingLogger();
    // The second starts once the first holds the key's lock: it has gone on to make its disk. It skips
    // admission control: the e2e bakes of other test files share the host's ledger, and a second build
    // held back until the first is done would find the base kept and never wait on the lock.
    let locked!: () => void;
    const firstHoldsTheLock = new Promise<void>((resolve) => (locked = resolve));
    const info = cold.info;
    cold.info = (message) => {
      info(message);
      if (message.startsWith('Disk: ')) locked();
    };
    const [first, second] = await Promise.all([
      standinBuilder(
        fixture.media,
        fixture.dir,
        { ...input, baseCache: cache(), provision: [EXAMPLE] },
        undefined,
        cold,
      ).build(),
      firstHoldsTheLock.then(() =>
        standinBuilder(
          fixture.media,
          fixture.dir,
          {
            ...input,
            baseCache: cache(),
            admission: 'off' as const,
            windowsUpdate: true,
            updateExclude: ['kb890830'],
            provision: [EXAMPLE],
          },
          undefined,
          warm,
        ).build(),
      ),
    ]);
    const miss = image(first);
    const hit = image(second);
    expect(miss.base?.status).toBe('miss');
    expect(hit.base).toEqual({ status: 'hit', key: miss.base!.key });
    const base = onlyBase(cache());
    expect(base.record.key).toBe(miss.base!.key);
    const disk = path.join(base.dir, 'disk.qcow2');
    expect(statSync(disk).mode & 0o777).toBe(0o400);
    expect(statSync(cache()).mode & 0o777).toBe(0o700);
    // The hit read the base and never wrote it.
    expect(await sha256File(disk)).toBe(base.record.disk.sha256);

    const coldSaid = cold.lines.join('\n');
    expect(coldSaid).toMatch(/Base [0-9a-f]{12}: miss/);
    expect(coldSaid).toMatch(/Base [0-9a-f]{12} kept in/);
    expect(coldSaid).toMatch(/Logged in after the base was kept/);
    expect(coldSaid).toMatch(/\[01-baseline\.ps1\] Provisioning .*, base miss/);
    const warmSaid = warm.lines.join('\n');
    expect(warmSaid).toMatch(/another build is making it; waiting for it/);
    expect(warmSaid).toMatch(/Base [0-9a-f]{12}: hit .*: no install/);
    expect(warmSaid).not.toMatch(/Answering the boot prompt|Guest signalled ready/);
    expect(warmSaid).toMatch(/Logged in on the first boot of the base/);
    expect(warmSaid).toMatch(/\[01-baseline\.ps1\] Provisioning .*, base hit/);
    expect(hit.updates).toEqual([
      {
        kb: 'KB5048667',
        title: '2024-12 Cumulative Update for Windows 11 Version 24H2 for x64-based Systems (KB5048667)',
        sizeBytes: 904_531_968,
        round: 1,
      },
      {
        kb: 'KB5050187',
        title:
          '2025-01 Cumulative Update for .NET Framework 3.5 and 4.8.1 for Windows 11, version 24H2 for x64 (KB5050187)',
        sizeBytes: 70 * 1024 * 1024,
        round: 2,
      },
    ]);
    expect(warmSaid).toMatch(/Windows Update: excluded \(kb\): KB890830/);
    expect(warmSaid).toMatch(/Windows Update: excluded \(preview\): KB5049624/);
    expect(warmSaid).toMatch(
      /Windows Update round 1: installed KB5048667, 2 left out by the filters, a restart is needed/,
    );
    expect(warmSaid).toMatch(/Logged in after the restart \(Windows Update round 1\)/);
    expect(warmSaid).toMatch(/Windows Update round 3: installed nothing/);
    expect(warmSaid).toMatch(/Windows Update: 2 updates \(932\.6 MiB\) in 3 rounds/);
    expect(warmSaid).toMatch(/Component store cleaned up in/);
    expect(warmSaid).not.toMatch(/Red Hat/); // drivers are not searched without --update-drivers

    // Both images stand alone: the hit's overlay was flattened.
    for (const result of [miss, hit]) {
      const info = JSON.parse(
        execFileSync('qemu-img', ['info', '--output=json', result.image.path], { encoding: 'utf8' }),
      );
      expect(info['backing-filename']).toBeUndefined();
    }
    // Nothing in the cache but the disk itself holds the password in any form (the disk is the image).
    for (const file of readdirSync(cache(), { recursive: true, encoding: 'utf8' })) {
      const full = path.join(cache(), file);
      if (!statSync(full).isFile() || file.endsWith('disk.qcow2')) continue;
      const bytes = readFileSync(full);
      for (const form of passwordBytes(HOSTILE_PASSWORD)) expect(bytes.includes(form)).toBe(false);
    }
  });

  it('a failing provisioning script on a hit fails the build with its lines; the base stays as it was', async () => {
    const before = onlyBase(cache());
    const output = path.join(fixture.dir, 'lib', 'fails.qcow2');
    const error = await failureOf(
      standinBuilder(fixture.media, fixture.dir, {
        ...input,
        baseCache: cache(),
        output,
        provision: [FAILS],
      }).build(),
    );
    expect(error.code).toBe('provision-failed');
    expect(error.message).toMatch(
      /01-fails\.ps1 failed with exit code 7\. Its last lines:\n {2}installing the agent/,
    );
    expect(existsSync(output)).toBe(false);
    expectBundle(error, output, HOSTILE_PASSWORD);
    const after = onlyBase(cache());
    expect(after.record.key).toBe(before.record.key);
    expect(await sha256File(path.join(after.dir, 'disk.qcow2'))).toBe(before.record.disk.sha256);
  });

  it('a base whose disk changed behind its back is a miss: removed, installed again, kept again', async () => {
    const { dir } = onlyBase(cache());
    const disk = path.join(dir, 'disk.qcow2');
    chmodSync(disk, 0o600);
    truncateSync(disk, statSync(disk).size - 65536);
    const logger = recordingLogger();
    const result = image(
      await standinBuilder(
        fixture.media,
        fixture.dir,
        { ...input, baseCache: cache() },
        undefined,
        logger,
      ).build(),
    );
    expect(result.base?.status).toBe('miss');
    expect(logger.lines.join('\n')).toMatch(/disk\.qcow2 changed since it was stored .*removed it/);
    const again = onlyBase(cache());
    expect(await sha256File(path.join(again.dir, 'disk.qcow2'))).toBe(again.record.disk.sha256);
  });
});
