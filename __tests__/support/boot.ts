/** Boots a finished image the way a user would (no CDs, safe cache, -snapshot) and logs in over SSH. */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freeLoopbackPort } from '../../src/build/steps/vm-plan.js';
import { powershellCommand, runCommand, type CommandResult } from '../../src/guest/ssh.js';
import { findUefiFirmware } from '../../src/tools/firmware.js';
import { ManagedProcess } from '../../src/tools/process.js';
import { qemuArgs, type VmSpec } from '../../src/tools/qemu.js';

export interface BootedCheck {
  marker: CommandResult;
  hostname: CommandResult;
}

export async function bootAndCheck(
  image: string,
  firmware: 'bios' | 'uefi',
  account: { username: string; password: string },
  timeoutMs = 240_000,
): Promise<BootedCheck> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bwi-boot-'));
  const port = await freeLoopbackPort();
  let vmFirmware: VmSpec['firmware'] = { type: 'bios' };
  if (firmware === 'uefi') {
    // A fresh variable store: the image must boot without the build's boot entries.
    const uefi = findUefiFirmware('uefi');
    copyFileSync(uefi.varsTemplate, path.join(dir, 'VARS.fd'));
    vmFirmware = {
      type: 'uefi',
      code: uefi.code,
      vars: path.join(dir, 'VARS.fd'),
      secureBoot: false,
      requiresSmm: false,
    };
  }
  const spec: VmSpec = {
    name: 'bake-windows-image-boot-check',
    accel: 'tcg',
    memoryMiB: 768,
    cpus: 1,
    firmware: vmFirmware,
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
        return { marker, hostname };
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
