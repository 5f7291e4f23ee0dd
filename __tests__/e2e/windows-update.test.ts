/**
 * Windows Update that goes wrong: an update that fails, updates that always want another restart, a round
 * that hangs. (Rounds that work, with the filters and the list of what was installed: base-cache.test.ts.)
 */
import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { failureOf } from '../support/build.js';
import { expectBundle, guestLogsText, HOSTILE_PASSWORD } from '../support/bundle.js';
import { expectNothingLeft, standinBuilder, standinFixture } from '../support/e2e.js';
import { standinMedia } from '../support/standin.js';

// Whole bakes of the stand-in under TCG take minutes.
jest.setTimeout(900_000);

const fixture = standinFixture('updates');
afterEach(() => expectNothingLeft(fixture.dir));

describe('Windows Update', () => {
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
