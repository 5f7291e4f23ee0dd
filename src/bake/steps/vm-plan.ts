/**
 * Decides the VM. Uses: the options, accel and firmware (preflight), the work dir, the disk, the answer
 * medium, --vnc. Produces: the VmSpec that qemuArgs turns into the command line, and the session's timings.
 * Makes a private copy of the UEFI variable store, picks a free loopback port for SSH, and a short private
 * directory for the sockets (unix socket paths are limited to 107 bytes, and a work dir can be any length).
 */
import { chmodSync, copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { BuildError } from '../../errors.js';
import type { VmSpec } from '../../tools/qemu.js';
import { parseVncAddress } from '../../tools/vnc.js';
import { VM_TIMINGS } from '../../vm/timings.js';
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

/** Longest socket path the kernel takes (sun_path is 108 bytes with its NUL). */
export const MAX_SOCKET_PATH = 107;
/** The longest socket name used in the socket directory. */
const LONGEST_SOCKET_NAME = 'swtpm.sock';
/** mkdtemp adds six characters to the prefix. */
const SOCKET_DIR_PREFIX = 'bwi-';

/**
 * Where the socket directory goes: the system's temp dir when a socket path in it always fits, else /tmp.
 * Pure; the bound holds whatever TMPDIR or the work dir is.
 */
export function socketDirParent(tmpdir: string): string {
  const longest = path.join(tmpdir, `${SOCKET_DIR_PREFIX}XXXXXX`, LONGEST_SOCKET_NAME);
  return Buffer.byteLength(longest) <= MAX_SOCKET_PATH ? tmpdir : '/tmp';
}

export class PlanVm implements Step {
  readonly title = 'Planning the VM';
  readonly phase = 'boot' as const;
  private socketDir?: string;

  async run(context: BuildContext): Promise<void> {
    const sshHostPort = await freeLoopbackPort();
    const parent = socketDirParent(os.tmpdir());
    try {
      this.socketDir = mkdtempSync(path.join(parent, SOCKET_DIR_PREFIX));
    } catch (error) {
      throw new BuildError(
        'output-unwritable',
        `Cannot create a directory for the VM's sockets in ${parent}: ${(error as Error).message}`,
        { hint: 'Set TMPDIR to a short directory you can write to.' },
      );
    }
    context.vm = vmSpecFor(context, this.socketDir, sshHostPort);
    context.timings = VM_TIMINGS[context.vm.accel];
    if (context.vm.firmware.type === 'uefi' && context.firmware) {
      // A fresh copy of the vars per build: stale variables can skip the CD and end in the EFI shell. A
      // cached base boots with the vars it was installed with (its boot entries live there).
      copyFileSync(context.base?.ovmfVars ?? context.firmware.varsTemplate, context.vm.firmware.vars);
      chmodSync(context.vm.firmware.vars, 0o600);
    }
  }

  async cleanup(): Promise<void> {
    if (this.socketDir) rmSync(this.socketDir, { recursive: true, force: true });
  }
}

/** A base cache hit: the VM boots the installed base (an overlay on it), not the installer. */
export function bootsBase(context: Pick<BuildContext, 'base'>): boolean {
  return context.base?.status === 'hit';
}

function vmSpecFor(context: BuildContext, socketDir: string, sshHostPort: number): VmSpec {
  const { options } = context;
  const workDir = context.workDir!;
  const firmware = context.firmware;
  const vnc = options.vnc === undefined ? undefined : parseVncAddress(options.vnc);
  return {
    name: `bake-windows-image-${path.basename(workDir).replace(/^\./, '')}`,
    accel: context.accel!,
    memoryMiB: context.vmSize!.memoryMiB,
    cpus: context.vmSize!.cpus,
    firmware: firmware
      ? {
          type: 'uefi',
          code: firmware.code,
          vars: path.join(workDir, 'OVMF_VARS.fd'),
          secureBoot: firmware.secureBoot,
          requiresSmm: firmware.requiresSmm,
        }
      : { type: 'bios' },
    tpmSocket: options.firmware === 'uefi-secure' ? path.join(socketDir, LONGEST_SOCKET_NAME) : undefined,
    disk: { path: context.disk ?? path.join(workDir, 'disk.qcow2'), unsafeCache: true },
    // A cached base is installed already: it boots from its disk, with no installer to answer.
    cdroms: bootsBase(context)
      ? []
      : [path.resolve(options.iso), path.resolve(options.virtioWinIso), context.answerMedium!],
    sshHostPort,
    qmpSocket: path.join(socketDir, 'qmp.sock'),
    serialLog: path.join(workDir, 'serial.log'),
    pidFile: path.join(workDir, 'qemu.pid'),
    // Validated with the options: never an error here.
    vnc: vnc && !('error' in vnc) ? vnc : undefined,
  };
}
