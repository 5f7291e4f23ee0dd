/** Guests that fail: never ready (timeout naming the phase), power off early (fast failure), refuse the password. */
import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { failureOf } from '../support/build.js';
import { expectNothingLeft, PASSWORD, standinBuilder, standinFixture } from '../support/e2e.js';
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
    // The phase as the PhaseTracker saw it (bake/timeline.ts PHASES), then what was seen.
    expect(error.message).toMatch(
      /timed out after 120 s while (Windows Setup [^\n]+|OOBE|first logon) \(\d+ reboots seen/,
    );
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
