/**
 * Decides the VM: a private copy of the UEFI variable store, a free loopback port for SSH, sockets and logs
 * in the work dir. The result is the pure VmSpec that qemuArgs turns into the command line.
 */
import { copyFileSync, chmodSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { BuildError } from '../../errors.js';
import type { VmSpec } from '../../tools/qemu.js';
import type { BuildContext, Step } from '../context.js';

/** A port the kernel just handed out on 127.0.0.1: two builds on one runner never share one. */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('no port'));
      });
    });
  });
}

/** Unix socket paths are limited to 107 bytes. */
const MAX_SOCKET_PATH = 100;

function vmSpecFor(context: BuildContext, sshHostPort: number): VmSpec {
  const { options } = context;
  const workDir = context.workDir!;
  const qmpSocket = path.join(workDir, 'qmp.sock');
  if (Buffer.byteLength(qmpSocket) > MAX_SOCKET_PATH) {
    throw new BuildError(
      'invalid-option',
      `The work directory path is too long for a unix socket: ${workDir}`,
      {
        hint: 'Pass a shorter --work-dir (sockets live there; their paths are limited to about 100 bytes).',
      },
    );
  }
  const firmware = context.firmware;
  return {
    name: `bake-windows-image-${path.basename(workDir).replace(/^\./, '')}`,
    accel: context.accel!,
    memoryMiB: options.memoryMiB,
    cpus: options.cpus,
    firmware: firmware
      ? {
          type: 'uefi',
          code: firmware.code,
          vars: path.join(workDir, 'OVMF_VARS.fd'),
          secureBoot: firmware.secureBoot,
          requiresSmm: firmware.requiresSmm,
        }
      : { type: 'bios' },
    tpmSocket: options.firmware === 'uefi-secure' ? path.join(workDir, 'swtpm.sock') : undefined,
    disk: { path: context.disk ?? path.join(workDir, 'disk.qcow2'), unsafeCache: true },
    cdroms: [path.resolve(options.iso), path.resolve(options.virtioWinIso), context.answerMedium!],
    sshHostPort,
    qmpSocket,
    serialLog: path.join(workDir, 'serial.log'),
    pidFile: path.join(workDir, 'qemu.pid'),
  };
}

export const vmPlan: Step = {
  title: 'Planning the VM',
  async run(context) {
    context.vm = vmSpecFor(context, await freeLoopbackPort());
    if (context.vm.firmware.type === 'uefi' && context.firmware) {
      // A fresh copy of the vars per build: stale variables can skip the CD and end in the EFI shell.
      copyFileSync(context.firmware.varsTemplate, context.vm.firmware.vars);
      chmodSync(context.vm.firmware.vars, 0o600);
    }
  },
};
