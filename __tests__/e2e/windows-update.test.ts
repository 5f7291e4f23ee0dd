/**
 * Windows Update: rounds run by a scheduled task as SYSTEM, restarts between them, the filters, the list of
 * what was installed; an update that fails, updates that always want another restart, a round that hangs.
 */
import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { failureOf, recordingLogger } from '../support/build.js';
import { expectBundle, guestLogsText, HOSTILE_PASSWORD } from '../support/bundle.js';
import { expectNothingLeft, standinBuilder, standinFixture } from '../support/e2e.js';
import { standinMedia } from '../support/standin.js';

// Whole bakes of the stand-in under TCG take minutes.
jest.setTimeout(900_000);

const fixture = standinFixture('updates');
afterEach(() => expectNothingLeft(fixture.dir));

describe('Windows Update', () => {
  it('installs in rounds with a restart between them, leaves out what the filters say (UEFI)', async () => {
    const logger = recordingLogger();
    const result = await standinBuilder(
      fixture.media,
      fixture.dir,
      { firmware: 'uefi', windowsUpdate: true, updateExclude: ['kb890830'] },
      undefined,
      logger,
    ).build();
    expect(result.kind === 'image' && result.updates).toEqual([
      {
        kb: 'KB5048667',
        title: '2024-12 Cumulative Update for Windows 11 Version 24H2 for x64-based Systems (KB5048667)',
        sizeBytes: 863 * 1024 * 1024,
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
    const said = logger.lines.join('\n');
    expect(said).toMatch(/Windows Update: .*excluded \(kb\): KB890830/);
    expect(said).toMatch(/Windows Update: .*excluded \(preview\): KB5049624/);
    expect(said).toMatch(
      /Windows Update round 1: installed KB5048667, 2 left out by the filters, a restart is needed/,
    );
    expect(said).toMatch(/Logged in after the restart \(Windows Update round 1\)/);
    expect(said).toMatch(/Windows Update round 3: installed nothing/);
    expect(said).toMatch(/Windows Update: 2 updates \(933\.0 MiB\) in 3 rounds/);
    expect(said).toMatch(/Component store cleaned up in/);
    expect(said).not.toMatch(/Red Hat/); // drivers are not searched without --update-drivers
  });

  it('an update that fails fails the build, naming it and its error (BIOS)', async () => {
    const faulty = standinMedia('update-fails');
    const output = path.join(fixture.dir, 'lib', 'fails.qcow2');
    const error = await failureOf(
      standinBuilder(fixture.media, fixture.dir, {
        iso: faulty.installer,
        firmware: 'bios',
        output,
        password: HOSTILE_PASSWORD,
        windowsUpdate: true,
      }).build(),
    );
    expect(error.code).toBe('update-failed');
    expect(error.message).toMatch(/could not install 1 update\(s\): KB5048685 .*\(failed, 0x80070643\)/);
    expect(error.hint).toMatch(/--update-exclude KB/);
    expect(existsSync(output)).toBe(false);
    expectBundle(error, output, HOSTILE_PASSWORD);
    expect(guestLogsText(output)).toMatch(/windows-update-progress\.log/);
  });

  it('updates that want a restart after every round stop at --update-rounds (BIOS)', async () => {
    const faulty = standinMedia('update-reboot-loop');
    const error = await failureOf(
      standinBuilder(fixture.media, fixture.dir, {
        iso: faulty.installer,
        firmware: 'bios',
        windowsUpdate: true,
        updateRounds: 3,
      }).build(),
    );
    expect(error.code).toBe('update-failed');
    expect(error.message).toMatch(/still needs a reboot after 3 rounds/);
  });

  it('a round that never ends stops at --update-timeout with its last progress line (UEFI)', async () => {
    const faulty = standinMedia('update-hangs');
    const error = await failureOf(
      standinBuilder(fixture.media, fixture.dir, {
        iso: faulty.installer,
        firmware: 'uefi',
        windowsUpdate: true,
        updateTimeoutSeconds: 60,
      }).build(),
    );
    expect(error.code).toBe('timeout');
    expect(error.message).toMatch(
      /Windows Update did not finish within --update-timeout 60 s \(last progress: .*the search never returns\)/,
    );
  });
});
