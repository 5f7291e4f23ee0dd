/** Boots a finished image the way a user would (no CDs, safe cache, -snapshot) and logs in over SSH. */
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freeLoopbackPort } from '../../src/bake/steps/vm-plan.js';
import type { Firmware } from '../../src/bake/options.js';
import ssh2 from 'ssh2';
import { powershellCommand, runCommand, type CommandResult, type SshTarget } from '../../src/guest/ssh.js';
import { findUefiFirmware } from '../../src/tools/firmware.js';
import { ManagedProcess } from '../../src/tools/process.js';
import { qemuArgs, type VmSpec } from '../../src/tools/qemu.js';

export interface BootedCheck {
  marker: CommandResult;
  hostname: CommandResult;
  /** `Confirm-SecureBootUEFI`, asked on uefi-secure only. */
  secureBoot?: CommandResult;
  /** The boot's serial console. */
  serial: string;
  /** SHA-256 of the SSH host key the guest showed (hex). */
  hostKey: string;
  /** The answers to the extra commands, by name. */
  answers: Record<string, CommandResult>;
}

/** SHA-256 (hex) of the host key an SSH server shows, read during a real login. */
export function hostKeyOf(target: SshTarget, timeoutMs = 15_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const client = new ssh2.Client();
    let key = '';
    const timer = setTimeout(() => {
      client.destroy();
      reject(new Error('no SSH login within the time'));
    }, timeoutMs);
    client.on('ready', () => {
      clearTimeout(timer);
      client.end();
      resolve(key);
    });
    client.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    client.connect({
      host: target.host,
      port: target.port,
      username: target.username,
      password: target.password,
      readyTimeout: timeoutMs,
      hostVerifier: (raw: Buffer) => {
        key = createHash('sha256').update(raw).digest('hex');
        return true;
      },
    });
  });
}

/**
 * Retries `ask` (SSH commands) until the booting guest answers, while `stopped()` returns nothing; throws
 * what `stopped()` returns, or the last SSH error after `timeoutMs`.
 */
export async function whenSshAnswers<T>(
  ask: () => Promise<T>,
  stopped: () => string | undefined,
  timeoutMs = 240_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const reason = stopped();
    if (reason) throw new Error(reason);
    try {
      return await ask();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  }
}

/** A fresh variable store per boot: the image must boot without the build's boot entries. */
function freshFirmware(firmware: Firmware, dir: string): VmSpec['firmware'] {
  if (firmware === 'bios') return { type: 'bios' };
  const uefi = findUefiFirmware(firmware);
  copyFileSync(uefi.varsTemplate, path.join(dir, 'VARS.fd'));
  return {
    type: 'uefi',
    code: uefi.code,
    vars: path.join(dir, 'VARS.fd'),
    secureBoot: uefi.secureBoot,
    requiresSmm: uefi.requiresSmm,
  };
}

export async function bootAndCheck(
  image: string,
  firmware: Firmware,
  account: { username: string; password: string },
  timeoutMs = 240_000,
  /** More commands to run once SSH answers (cmd.exe command lines), by name. */
  commands: Record<string, string> = {},
): Promise<BootedCheck> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bwi-boot-'));
  const port = await freeLoopbackPort();
  const spec: VmSpec = {
    name: 'bake-windows-image-boot-check',
    accel: 'tcg',
    memoryMiB: 768,
    cpus: 1,
    firmware: freshFirmware(firmware, dir),
    disk: { path: image, unsafeCache: false },
    cdroms: [],
    sshHostPort: port,
    qmpSocket: path.join(dir, 'qmp.sock'),
    serialLog: path.join(dir, 'serial.log'),
  };
  // -snapshot: the check must not change the image it checks.
  const qemu = new ManagedProcess('qemu-system-x86_64', [...qemuArgs(spec), '-snapshot']);
  const target = { host: '127.0.0.1', port, ...account };
  try {
    return await whenSshAnswers(
      async () => {
        const marker = await runCommand(
          target,
          powershellCommand(`Test-Path -LiteralPath 'C:\\smolvm-ready.txt'`),
          15_000,
        );
        const hostname = await runCommand(target, 'hostname', 15_000);
        const secureBoot =
          firmware === 'uefi-secure'
            ? await runCommand(target, powershellCommand('Confirm-SecureBootUEFI'), 15_000)
            : undefined;
        const answers: Record<string, CommandResult> = {};
        for (const [name, command] of Object.entries(commands)) {
          answers[name] = await runCommand(target, command, 15_000);
        }
        const hostKey = await hostKeyOf(target);
        return {
          marker,
          hostname,
          secureBoot,
          hostKey,
          answers,
          serial: readFileSync(spec.serialLog, 'latin1'),
        };
      },
      () => (qemu.running ? undefined : `QEMU exited: ${qemu.describeExit()} ${qemu.stderrTail()}`),
      timeoutMs,
    );
  } finally {
    await qemu.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
