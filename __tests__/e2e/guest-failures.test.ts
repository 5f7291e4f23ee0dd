/**
 * Guests that fail: never ready (timeout naming the phase), power off early (fast failure), stuck at Setup's
 * product key page (the screenshot shows it), refuse the password.
 */
import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { failureOf, msSinceAdmitted, recordingLogger } from '../support/build.js';
import { expectBundle, guestLogsText, HOSTILE_PASSWORD } from '../support/bundle.js';
import { expectNothingLeft, standinBuilder, standinFixture } from '../support/e2e.js';
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
    const builder = standinBuilder(fixture.media, fixture.dir, {
      iso: faulty.installer,
      buildTimeoutSeconds: 120,
      password: HOSTILE_PASSWORD,
    });
    const error = await failureOf(builder.build());
    expect(error.code).toBe('timeout');
    // The phase as the PhaseTracker saw it (bake/timeline.ts PHASES), then what was seen.
    expect(error.message).toMatch(
      /timed out after 120 s while (Windows Setup [^\n]+|OOBE|first logon) \(\d+ reboots seen/,
    );
    const facts = expectBundle(error, builder.options.output, HOSTILE_PASSWORD);
    // The bundle names the same phase as the error.
    expect(facts.phase.length).toBeGreaterThan(0);
    expect(error.message).toContain(facts.phase);
    expect(facts.serialTail.length).toBeGreaterThan(0);
    // Fetched or not, each of the four guest logs is accounted for.
    expect(guestLogsText(builder.options.output).trim().split('\n')).toHaveLength(4);
  });

  it('a guest that powers off early fails the build at once, with the serial log', async () => {
    const faulty = standinMedia('poweroff-early');
    const logger = recordingLogger();
    const builder = standinBuilder(
      fixture.media,
      fixture.dir,
      { iso: faulty.installer, buildTimeoutSeconds: 400, password: HOSTILE_PASSWORD },
      undefined,
      logger,
    );
    const error = await failureOf(builder.build());
    expect(error.code).toBe('guest-exited');
    expect(error.message).toMatch(/Last lines of the serial console/);
    expect(msSinceAdmitted(logger)).toBeLessThan(300_000);
    expectBundle(error, builder.options.output, HOSTILE_PASSWORD);
    const serial = readFileSync(path.join(`${builder.options.output}.failure`, 'serial.log'), 'utf8');
    expect(serial).toMatch(/fault poweroff-early: the machine powers off in the middle of Setup/);
    // QEMU is gone: nothing is tried over SSH, and the bundle says so for each log.
    expect(guestLogsText(builder.options.output)).toMatch(
      /^C:\\Windows\\Panther\\setupact\.log: not fetched: QEMU had exited \(qemu-system-x86_64 exited with code 0\)$/m,
    );
  });

  it("Setup waiting at the product key page: a timeout, and the bundle's last screenshot shows the page", async () => {
    const faulty = standinMedia('key-page');
    const builder = standinBuilder(fixture.media, fixture.dir, {
      iso: faulty.installer,
      buildTimeoutSeconds: 90,
      screenshotIntervalSeconds: 5,
    });
    const error = await failureOf(builder.build());
    expect(error.code).toBe('timeout');
    expectBundle(error, builder.options.output, builder.options.password);
    const last = /; last screenshot: (.+)$/.exec(error.hint ?? '')![1]!;
    expect(ocr(last)).toMatch(/product key/i);
  });

  it('a refused password is a clear authentication error', async () => {
    const faulty = standinMedia('wrong-account');
    const builder = standinBuilder(fixture.media, fixture.dir, {
      iso: faulty.installer,
      password: HOSTILE_PASSWORD,
    });
    const error = await failureOf(builder.build());
    expect(error.code).toBe('ssh-auth');
    expect(error.message).toMatch(/SSH login failed: the guest refused the password for "baker"/);
    expect(error.message).not.toContain(HOSTILE_PASSWORD);
    expectBundle(error, builder.options.output, HOSTILE_PASSWORD);
    const logs = guestLogsText(builder.options.output);
    expect(logs).toMatch(/setupact\.log: not fetched: SSH refused the login: the guest refused the password/);
    expect(logs).not.toMatch(/fetched →/);
  });
});

// Secure Boot (uefi-secure: a signed bake, and an unsigned loader refused): secure-boot.test.ts.
