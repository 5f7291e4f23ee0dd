/**
 * Secure Boot for real. `--firmware uefi-secure` is OVMF with Microsoft's keys enrolled (db: Microsoft Windows
 * Production PCA 2011 and Microsoft Corporation UEFI CA 2011) plus a TPM 2.0 from swtpm. The stand-in boots like
 * Windows media, through signed loaders only: shim (signed by Microsoft's UEFI CA) → Debian's signed GRUB →
 * Debian's signed kernel, from the CD and from the disk Setup wrote. With no LabConfig bypasses (uefi-secure),
 * the stand-in's Windows 11 Setup checks TPM 2.0, Secure Boot and 4 GB for real. An unsigned loader is refused.
 */
import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { spawn } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bootCommand } from '../../src/action/summary.js';
import { freeLoopbackPort } from '../../src/bake/steps/vm-plan.js';
import { powershellCommand, runCommand, type CommandResult } from '../../src/guest/ssh.js';
import { bootAndCheck, whenSshAnswers } from '../support/boot.js';
import { failureOf, msSinceAdmitted, recordingLogger } from '../support/build.js';
import { expectNothingLeft, PASSWORD, standinBuilder, standinFixture, USERNAME } from '../support/e2e.js';
import { standinMedia } from '../support/standin.js';

// Whole bakes of the stand-in under TCG take minutes.
jest.setTimeout(900_000);

const fixture = standinFixture('secure-boot');
// Every build reaps QEMU and swtpm and removes its work dir (or leaves only the one a test asked to keep).
afterEach(() => expectNothingLeft(fixture.dir));

/** The stand-in's evidence line, once per boot of its kernel (test/standin/rootfs/lib/standin/common.sh). */
const SECURE_BOOT_ON =
  /standin: (windowsPE: )?UEFI Secure Boot: on \(SecureBoot=1 SetupMode=0; kernel: Secure boot enabled; lockdown: integrity\)/g;

describe('Secure Boot firmware (uefi-secure)', () => {
  it('installs Windows 11 through shim → signed GRUB → signed kernel with Secure Boot on; the image boots again with it', async () => {
    const logger = recordingLogger();
    const output = path.join(fixture.dir, 'secure', 'image.qcow2');
    const workDir = path.join(fixture.dir, 'secure-work');
    await standinBuilder(
      fixture.media,
      fixture.dir,
      {
        firmware: 'uefi-secure',
        edition: 'Windows 11 Pro',
        // No LabConfig bypasses with uefi-secure: Setup's 4 GB check has to be met too.
        memoryMiB: 4096,
        output,
        buildTimeoutSeconds: 420,
        // Kept to read the build's serial console afterwards.
        workDir,
        keepWorkDir: true,
        keepFirmwareState: true,
      },
      undefined,
      logger,
    ).build();
    expect(existsSync(output)).toBe(true);
    expect(logger.lines).toContain('TPM 2.0 emulator (swtpm) started');
    expect(logger.lines.filter((line) => line.startsWith('Answering the boot prompt'))).toHaveLength(1);

    const serial = readFileSync(path.join(workDir, 'serial.log'), 'latin1');
    rmSync(workDir, { recursive: true, force: true });
    // OVMF ran the CD's shim (a refused loader shows "failed to load … Access Denied" instead), shim ran GRUB,
    // GRUB showed the prompt and booted the signed kernel: Setup, with Secure Boot on as the guest sees it.
    expect(serial).toMatch(/BdsDxe: starting Boot[0-9A-F]{4} "UEFI QEMU DVD-ROM/);
    expect(serial).not.toMatch(/Access Denied|Security Violation/);
    expect(serial).toContain('Press any key to boot from CD or DVD...');
    expect(serial).toContain(
      'standin: windowsPE: Windows 11 requirements met: TPM 2.0, Secure Boot, 4 GB of memory; bypassed (LabConfig): none',
    );
    // Setup and the two boots from the disk (CD GRUB → the disk's shim → its GRUB → kernel): on every time.
    expect(serial.match(/standin: Windows Boot Manager: starting Windows from the disk/g)).toHaveLength(2);
    expect(serial.match(SECURE_BOOT_ON)).toHaveLength(3);
    expect(serial).not.toMatch(/UEFI Secure Boot: off/);

    // The finished image on a fresh Secure Boot machine (a new variable store with Microsoft's keys, no CD):
    // the ESP's shim → GRUB → kernel chain boots, and Windows' own check says Secure Boot is on.
    const booted = await bootAndCheck(output, 'uefi-secure', { username: USERNAME, password: PASSWORD });
    expect(answer(booted.secureBoot!)).toEqual({ code: 0, stdout: 'True', stderr: '' });
    expect(booted.marker.stdout.trim()).toBe('True');
    expect(booted.serial.match(SECURE_BOOT_ON)).toHaveLength(1);

    // The kept firmware state, booted with exactly the commands the job summary and README give (TCG instead
    // of KVM): the vars carry Microsoft's keys and the boot entries, the TPM state is swtpm's.
    const state = {
      vars: path.join(fixture.dir, 'secure', 'image.efivars.fd'),
      tpm: path.join(fixture.dir, 'secure', 'image.tpm'),
    };
    expect(readdirSync(path.join(fixture.dir, 'secure')).sort()).toEqual([
      'image.efivars.fd',
      'image.qcow2',
      'image.tpm',
    ]);
    expect(readdirSync(state.tpm)).toContain('tpm2-00.permall');
    const kept = await bootWithDocumentedCommand(output, state);
    expect(answer(kept.confirm)).toEqual({ code: 0, stdout: 'True', stderr: '' });
    expect(kept.serial.match(SECURE_BOOT_ON)).toHaveLength(1);
  });

  it('refuses an unsigned boot loader at once: OVMF denies it, no prompt is answered', async () => {
    const unsigned = standinMedia('unsigned-loader');
    const logger = recordingLogger();
    const error = await failureOf(
      standinBuilder(
        fixture.media,
        fixture.dir,
        { iso: unsigned.installer, firmware: 'uefi-secure', memoryMiB: 4096, buildTimeoutSeconds: 600 },
        undefined,
        logger,
      ).build(),
    );
    expect(logger.lines).toContain('TPM 2.0 emulator (swtpm) started');
    // Not a timeout: the firmware's refusal on the serial port ends the build.
    expect(error.code).toBe('boot-refused');
    expect(error.message).toMatch(
      /^Secure Boot refused the installer's boot loader: BdsDxe: failed to load Boot[0-9A-F]{4} "UEFI QEMU DVD-ROM[^\n]*: Access Denied/,
    );
    expect(error.hint).toMatch(/--firmware uefi/);
    expect(msSinceAdmitted(logger)).toBeLessThan(300_000);
    expect(logger.lines.some((line) => line.startsWith('Answering the boot prompt'))).toBe(false);
  });
});

/** A command's result, trimmed for comparing. */
function answer(result: CommandResult): { code: number | null; stdout: string; stderr: string } {
  return { code: result.code, stdout: result.stdout.trim(), stderr: result.stderr.trim() };
}

/**
 * Boots an image with the shell lines bootCommand() gives users (src/action/summary.ts), changed only where
 * this host differs (TCG, one small vCPU, no display, a free port, -snapshot, a serial log), on copies of the
 * kept firmware state; asks Windows over SSH whether Secure Boot is on.
 */
async function bootWithDocumentedCommand(
  image: string,
  state: { vars: string; tpm: string },
): Promise<{ confirm: CommandResult; serial: string }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bwi-kept-state-'));
  copyFileSync(state.vars, path.join(dir, path.basename(state.vars)));
  cpSync(state.tpm, path.join(dir, path.basename(state.tpm)), { recursive: true });
  symlinkSync(image, path.join(dir, path.basename(image)));
  const port = await freeLoopbackPort();
  const documented = bootCommand(image, 'uefi-secure', state);
  expect(documented).not.toMatch(/^cp |mkdir/m); // the kept state is used as it is
  const script = documented
    .replace(
      '-accel kvm -cpu host -smp 4 -m 4096',
      '-accel tcg -cpu max -smp 1 -m 768 -display none -snapshot',
    )
    .replace('hostfwd=tcp:127.0.0.1:2222-:22', `hostfwd=tcp:127.0.0.1:${port}-:22`)
    .concat(' -serial file:serial.log');
  // Its own process group: bash, swtpm and QEMU are stopped together.
  const child = spawn('bash', ['-euc', script], {
    cwd: dir,
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let exited = false;
  child.on('exit', () => (exited = true));
  const target = { host: '127.0.0.1', port, username: USERNAME, password: PASSWORD };
  try {
    return await whenSshAnswers(
      async () => ({
        confirm: await runCommand(target, powershellCommand('Confirm-SecureBootUEFI'), 15_000),
        serial: readFileSync(path.join(dir, 'serial.log'), 'latin1'),
      }),
      () => (exited ? `the documented boot command exited: ${stderr}` : undefined),
    );
  } finally {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
    if (!exited) await new Promise((resolve) => child.on('exit', resolve));
    rmSync(dir, { recursive: true, force: true });
  }
}
