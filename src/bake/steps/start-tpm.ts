/**
 * A TPM 2.0 for the VM (--firmware uefi-secure): swtpm on the socket the plan names, its state in the work
 * dir (kept with the image by --keep-firmware-state). Uses: vm.tpmSocket, workDir, timings.
 * Produces: tpm (the running swtpm), stopped again by this step's cleanup, after QEMU.
 */
import { chmodSync, cpSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { BuildError } from '../../errors.js';
import { PROGRAMS, requireProgram } from '../../tools/exec.js';
import { ManagedProcess } from '../../tools/process.js';
import { waitForPath } from '../../tools/wait-for-path.js';
import type { BuildContext, Step } from '../context.js';
import { cancelledError } from '../deadline.js';

/** Where swtpm keeps its state, inside the work dir. */
export function tpmStateDir(workDir: string): string {
  return path.join(workDir, 'tpm');
}

/** `swtpm socket` arguments for a TPM 2.0 on a unix control socket. Pure. */
export function swtpmArgs(stateDir: string, socket: string): string[] {
  return [
    'socket',
    '--tpm2',
    '--tpmstate',
    `dir=${stateDir}`,
    '--ctrl',
    `type=unixio,path=${socket}`,
    '--flags',
    'startup-clear',
    '--terminate',
  ];
}

/** The copies from a base are read-only like the base; swtpm must write its own. */
function chmodRecursive(dir: string): void {
  chmodSync(dir, 0o700);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) chmodRecursive(file);
    else chmodSync(file, 0o600);
  }
}

export class StartTpm implements Step {
  readonly title = 'Starting the TPM';
  private swtpm?: ManagedProcess;

  async run(context: BuildContext): Promise<void> {
    const socket = context.vm!.tpmSocket;
    if (!socket) {
      context.logger.debug('No TPM for this firmware');
      return;
    }
    const stateDir = tpmStateDir(context.workDir!);
    mkdirSync(stateDir, { recursive: true, mode: 0o700 });
    // A cached base's Windows knows its TPM (BitLocker keys, Windows Hello): it boots with the same state.
    if (context.base?.status === 'hit' && context.base.tpmDir) {
      cpSync(context.base.tpmDir, stateDir, { recursive: true });
      chmodRecursive(stateDir);
    }
    const swtpm = new ManagedProcess(requireProgram(PROGRAMS.swtpm), swtpmArgs(stateDir, socket));
    this.swtpm = swtpm;
    const outcome = await waitForPath(socket, {
      timeoutMs: context.timings!.tpmSocketMs,
      until: swtpm.exited,
      signal: context.signal,
    });
    if (outcome === 'aborted') throw cancelledError(context.signal);
    if (outcome !== 'appeared') {
      throw new BuildError('vm-failed', `swtpm did not start its socket ${socket}: ${swtpm.describeExit()}`, {
        hint: `swtpm said: ${swtpm.stderrTail() || '(nothing)'}. Check that swtpm can write to ${stateDir} (AppArmor/SELinux profiles often forbid other directories).`,
      });
    }
    context.tpm = swtpm;
    context.logger.info('TPM 2.0 emulator (swtpm) started');
  }

  async cleanup(context: BuildContext): Promise<void> {
    await this.swtpm?.stop(context.timings?.killGraceMs);
  }
}
