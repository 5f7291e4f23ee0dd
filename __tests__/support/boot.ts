/** Boots a finished image the way a user would (no CDs, safe cache, snapshot) and logs in over SSH. */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { vmSpecFor } from '../../src/build/steps/vm-plan.js';
import { freeLoopbackPort } from '../../src/build/steps/vm-plan.js';
import { powershellCommand, runCommand, type CommandResult } from '../../src/guest/ssh.js';
import { findUefiFirmware } from '../../src/tools/firmware.js';
import { ManagedProcess } from '../../src/tools/process.js';
import { qemuArgs, type VmSpec } from '../../src/tools/qemu.js';

export interface BootedCheck {
  marker: CommandResult;
  hostname: CommandResult;
  serial: string;
}

export async function bootAndCheck(
  image: string,
  firmware: 'bios' | 'uefi',
  account: { username: string; password: string },
  timeoutMs = 240_000,
): Promise<BootedCheck> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bwi-boot-'));
  const port = await freeLoopbackPort();
  const uefi = firmware === 'uefi' ? findUefiFirmware('uefi') : undefined;
  if (uefi) copyFileSync(uefi.varsTemplate, path.join(dir, 'VARS.fd'));
  const spec: VmSpec = {
    ...vmSpecFor(
      {
        options: { memoryMiB: 768, cpus: 1 },
        workDir: dir,
        accel: 'tcg',
        firmware: uefi,
        answerMedium: 'unused',
        disk: image,
      } as never,
      port,
    ),
    cdroms: [],
    disk: { path: `${image}`, unsafeCache: false },
    firmware: uefi
      ? {
          type: 'uefi',
          code: uefi.code,
          vars: path.join(dir, 'VARS.fd'),
          secureBoot: false,
          requiresSmm: false,
        }
      : { type: 'bios' },
  };
  // -snapshot: the check must not change the image it checks.
  const qemu = new ManagedProcess('qemu-system-x86_64', [...qemuArgs(spec), '-snapshot']);
  const target = { host: '127.0.0.1', port, ...account };
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (!qemu.running) throw new Error(`QEMU exited: ${qemu.describeExit()} ${qemu.stderrTail()}`);
      try {
        const marker = await runCommand(
          target,
          powershellCommand(`Test-Path -LiteralPath 'C:\\smolvm-ready.txt'`),
          15_000,
        );
        const hostname = await runCommand(target, 'hostname', 15_000);
        return { marker, hostname, serial: spec.serialLog };
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 2000));
      }
    }
  } finally {
    await qemu.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
