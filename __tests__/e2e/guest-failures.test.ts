/**
 * Guests that fail: never ready (timeout naming the phase), power off early (fast failure), stuck at Setup's
 * product key page (the screenshot shows it), refuse the password.
 */
import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { failureOf } from '../support/build.js';
import { expectNothingLeft, PASSWORD, standinBuilder, standinFixture } from '../support/e2e.js';
import { ocr } from '../support/screens.js';
import { standinMedia } from '../support/standin.js';

// Whole bakes of the stand-in under TCG take minutes.
jest.setTimeout(900_000);

const fixture = standinFixture('guest');
// Every failure reaps QEMU (and swtpm) and removes the work dir.
afterEach(() => expectNothingLeft(fixture.dir));

describe('guest failures', () => {
  it('a guest that never becomes ready ends in a timeout that names the phase', async () => {
    const faulty = standinMedia('never-ready');
    const error = await failureOf(
      standinBuilder(fixture.media, fixture.dir, { iso: faulty.installer, buildTimeoutSeconds: 120 }).build(),
    );
    expect(error.code).toBe('timeout');
    expect(error.message).toMatch(/timed out after 120 s while Windows Setup \(\d+ reboots? so far\)/);
  });

  it('a guest that powers off early fails the build at once, with the serial log', async () => {
    const faulty = standinMedia('poweroff-early');
    const started = Date.now();
    const error = await failureOf(
      standinBuilder(fixture.media, fixture.dir, { iso: faulty.installer, buildTimeoutSeconds: 400 }).build(),
    );
    expect(error.code).toBe('guest-exited');
    expect(error.message).toMatch(/Last lines of the serial console/);
    expect(Date.now() - started).toBeLessThan(300_000);
  });

  it('Setup waiting at the product key page: a timeout, and the last screenshot shows the page', async () => {
    const faulty = standinMedia('key-page');
    const workDir = path.join(fixture.dir, 'key-page-work');
    const error = await failureOf(
      standinBuilder(fixture.media, fixture.dir, {
        iso: faulty.installer,
        buildTimeoutSeconds: 90,
        workDir,
        keepWorkDir: true,
        screenshotIntervalSeconds: 5,
      }).build(),
    );
    expect(error.code).toBe('timeout');
    const screens = path.join(workDir, 'screens');
    const last = readdirSync(screens).sort().at(-1)!;
    expect(ocr(path.join(screens, last))).toMatch(/product key/i);
  });

  it('a refused password is a clear authentication error', async () => {
    const faulty = standinMedia('wrong-account');
    const error = await failureOf(
      standinBuilder(fixture.media, fixture.dir, { iso: faulty.installer }).build(),
    );
    expect(error.code).toBe('ssh-auth');
    expect(error.message).toMatch(/SSH login failed: the guest refused the password for "baker"/);
    expect(error.message).not.toContain(PASSWORD);
  });
});

// Secure Boot (uefi-secure: a signed bake, and an unsigned loader refused): secure-boot.test.ts.
