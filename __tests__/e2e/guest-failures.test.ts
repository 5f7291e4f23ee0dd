/** Guests that fail: never ready (timeout naming the phase), power off early (fast failure), refuse the password. */
import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { rmSync } from 'node:fs';
import { tempDir } from '../support/cli.js';
import { expectNothingLeft } from '../support/e2e.js';
import { failureOf, PASSWORD, recordingLogger, standinBuilder } from '../support/e2e.js';
import { standinMedia, type StandinMedia } from '../support/standin.js';

// Whole bakes of the stand-in under TCG take minutes.
jest.setTimeout(900_000);

let dir: string;
let media: StandinMedia;

beforeAll(() => {
  dir = tempDir('e2e');
  media = standinMedia();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
// Every failure reaps QEMU (and swtpm) and removes the work dir.
afterEach(() => expectNothingLeft(dir));

describe('guest failures', () => {
  it('a guest that never becomes ready ends in a timeout that names the phase', async () => {
    const faulty = standinMedia('never-ready');
    const error = await failureOf(
      standinBuilder(media, dir, { iso: faulty.installer, buildTimeoutSeconds: 120 }).build(),
    );
    expect(error.code).toBe('timeout');
    expect(error.message).toMatch(/timed out after 120 s while Windows Setup \(\d+ reboots? so far\)/);
  });

  it('a guest that powers off early fails the build at once, with the serial log', async () => {
    const faulty = standinMedia('poweroff-early');
    const started = Date.now();
    const error = await failureOf(
      standinBuilder(media, dir, { iso: faulty.installer, buildTimeoutSeconds: 400 }).build(),
    );
    expect(error.code).toBe('guest-exited');
    expect(error.message).toMatch(/Last lines of the serial console/);
    expect(Date.now() - started).toBeLessThan(300_000);
  });

  it('a refused password is a clear authentication error', async () => {
    const faulty = standinMedia('wrong-account');
    const error = await failureOf(standinBuilder(media, dir, { iso: faulty.installer }).build());
    expect(error.code).toBe('ssh-auth');
    expect(error.message).toMatch(/SSH login failed: the guest refused the password for "baker"/);
    expect(error.message).not.toContain(PASSWORD);
  });
});

describe('Secure Boot firmware', () => {
  it('runs a TPM 2.0 (swtpm) beside the VM, reaps it, and the unsigned stand-in loader is refused', async () => {
    const logger = recordingLogger();
    const error = await failureOf(
      standinBuilder(
        media,
        dir,
        { firmware: 'uefi-secure', buildTimeoutSeconds: 60 },
        undefined,
        logger,
      ).build(),
    );
    expect(logger.lines).toContain('TPM 2.0 emulator (swtpm) started');
    // Secure Boot with Microsoft's keys will not run an unsigned GRUB: no prompt, no install.
    expect(error.code).toBe('timeout');
    expect(logger.lines.some((line) => line.startsWith('Answering the boot prompt (prompt'))).toBe(false);
  });
});
