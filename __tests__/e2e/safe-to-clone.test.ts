/**
 * The image is safe to clone and to keep: Windows Update never runs during the bake (the NoAutoUpdate policy
 * from specialize on) and, with automaticUpdates, is back on in the image; sshd's host keys are deleted before
 * the shutdown, so each boot of a copy makes its own; a recovery partition Setup put after C: is removed and
 * C: grown to a 1 MiB boundary, and a failing reagentc fails the build with WinRE enabled again.
 */
import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ShutDown } from '../../src/bake/steps/shut-down.js';
import { bootAndCheck } from '../support/boot.js';
import { failureOf, recordingLogger } from '../support/build.js';
import {
  expectNothingLeft,
  PASSWORD,
  replacing,
  standinBuilder,
  standinFixture,
  USERNAME,
} from '../support/e2e.js';
import { standinMedia } from '../support/standin.js';
import { ShutDownRecording } from '../support/steps.js';

// Whole bakes of the stand-in under TCG take minutes.
jest.setTimeout(900_000);

const fixture = standinFixture('clone');
afterEach(() => expectNothingLeft(fixture.dir));

const ACCOUNT = { username: USERNAME, password: PASSWORD };
const QUERY_POLICY =
  'reg query HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\WindowsUpdate\\AU /v NoAutoUpdate';
const MIB = 1024 * 1024;

/** The MBR's partition entries of a qcow2 image: type, first byte, byte after the end. */
function mbrPartitions(image: string): { type: number; start: number; end: number }[] {
  const sector = path.join(fixture.dir, 'mbr.bin');
  execFileSync('qemu-img', [
    'dd',
    '-f',
    'qcow2',
    '-O',
    'raw',
    'bs=512',
    'count=1',
    `if=${image}`,
    `of=${sector}`,
  ]);
  const mbr = readFileSync(sector);
  rmSync(sector);
  expect(mbr.readUInt16LE(510)).toBe(0xaa55);
  const entries = [];
  for (let i = 0; i < 4; i++) {
    const entry = mbr.subarray(446 + 16 * i, 446 + 16 * (i + 1));
    const type = entry[4]!;
    if (type === 0) continue;
    const first = entry.readUInt32LE(8);
    const sectors = entry.readUInt32LE(12);
    entries.push({ type, start: first * 512, end: (first + sectors) * 512 });
  }
  return entries;
}

describe('an image safe to clone and to keep', () => {
  it('no update runs or waits during the bake, the host keys are new on the next boot, the recovery partition after C: is gone', async () => {
    const withRecovery = standinMedia('recovery-partition');
    const shutDown = new ShutDownRecording();
    const result = await standinBuilder(
      fixture.media,
      fixture.dir,
      {
        iso: withRecovery.installer,
        diskSizeMiB: 2048,
      },
      replacing(ShutDown, shutDown),
    ).build();
    expect(result.kind).toBe('image');
    if (result.kind !== 'image') return;
    const bake = shutDown.serial;
    // The policy is set in specialize, so the update agent is off from the first logon to the shutdown.
    expect(bake).toContain(
      'standin: specialize: RunSynchronous: reg.exe add HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\WindowsUpdate\\AU /v NoAutoUpdate /t REG_DWORD /d 1 /f',
    );
    expect(bake).toContain('standin: Windows Update: automatic updates off (policy NoAutoUpdate=1)');
    expect(bake).not.toMatch(/automatic updates on|Working on updates/);
    // Setup's recovery partition after C: was removed, C: grown, WinRE enabled again.
    expect(bake).toContain('windowsPE: Setup added a recovery partition after C: (partition 3, 32 MiB');
    expect(bake).toMatch(/first-logon: removed the recovery partition 3 \(32 MiB\)/);
    expect(bake).toMatch(/first-logon: C: grown to \d+ MiB/);
    expect(bake).toMatch(/first-logon: reagentc\.exe \/enable: WinRE is enabled/);
    const partitions = mbrPartitions(result.image.path);
    expect(partitions.map((p) => p.type)).toEqual([0x07, 0x07]);
    const c = partitions[1]!;
    expect(c.end % MIB).toBe(0);
    expect(c.end).toBe(2048 * MIB);

    const booted = await bootAndCheck(result.image.path, 'bios', ACCOUNT, undefined, {
      policy: QUERY_POLICY,
    });
    expect(booted.marker.stdout.trim()).toBe('True');
    // sshd made a new host key at this boot: the bake's was deleted before the shutdown.
    expect(shutDown.hostKey).toMatch(/^[0-9a-f]{64}$/);
    expect(booted.hostKey).toMatch(/^[0-9a-f]{64}$/);
    expect(booted.hostKey).not.toBe(shutDown.hostKey);
    expect(booted.answers.policy!.code).toBe(0);
    expect(booted.answers.policy!.stdout).toMatch(/^\s+NoAutoUpdate\s+REG_DWORD\s+0x1\r?$/m);
    expect(booted.serial).toContain('automatic updates off (policy NoAutoUpdate=1)');
  });

  it('with automaticUpdates the policy is removed before the shutdown: the bake never updates, the image does', async () => {
    const shutDown = new ShutDownRecording();
    const logger = recordingLogger();
    const result = await standinBuilder(
      fixture.media,
      fixture.dir,
      { automaticUpdates: true },
      replacing(ShutDown, shutDown),
      logger,
    ).build();
    expect(result.kind).toBe('image');
    if (result.kind !== 'image') return;
    expect(logger.lines.join('\n')).toMatch(/Automatic updates are on again in the image/);
    expect(shutDown.serial).toContain('automatic updates off (policy NoAutoUpdate=1)');
    expect(shutDown.serial).not.toMatch(/Working on updates/);

    const booted = await bootAndCheck(result.image.path, 'bios', ACCOUNT, undefined, {
      policy: QUERY_POLICY,
    });
    expect(booted.answers.policy!.code).toBe(1);
    expect(booted.answers.policy!.stderr).toMatch(/unable to find the specified registry key or value/);
    expect(booted.serial).toContain('standin: Windows Update: automatic updates on');
  });

  it('reagentc /disable failing fails the build with its message, and WinRE is enabled again', async () => {
    const faulty = standinMedia('reagentc-fails');
    const error = await failureOf(
      standinBuilder(fixture.media, fixture.dir, { iso: faulty.installer, buildTimeoutSeconds: 900 }).build(),
    );
    expect(error.code).toBe('guest-step-failed');
    expect(error.message).toMatch(
      /failed at "no recovery partition after C:": reagentc\.exe \/disable exited with 3: REAGENTC\.EXE: Unable to update Boot Configuration Data\./,
    );
    // The guest log, fetched over SSH: the finally ran before the step failed.
    expect(error.message).toMatch(
      /T\d\d:\d\d:\d\d reagentc\.exe \/enable: WinRE is enabled\s+\S+ step 'no recovery partition after C:' FAILED: reagentc\.exe \/disable exited with 3/,
    );
  });
});
