/**
 * --keep-firmware-state: the UEFI variable store (boot entries, Secure Boot keys) and, with uefi-secure, the
 * TPM's state, kept next to the image so it can boot later with exactly the firmware state Setup left.
 * They are copied after the guest powered off, into hidden partial files next to the output, and moved into
 * place by finalize just before the image, so they never appear without it.
 * Uses: vm (its vars), tpm, workDir, output. Produces: firmwareState.
 */
import { copyFileSync, cpSync, readdirSync, rmSync, statSync } from 'node:fs';
import { BuildError } from '../../errors.js';
import type { Firmware } from '../../targets.js';
import type { BuildContext, Step } from '../context.js';
import { partialPath, partialSuffix } from '../partials.js';
import { tpmStateDir } from './start-tpm.js';

export interface FirmwareStatePaths {
  /** Copy of the VM's OVMF variable store (use it as the second pflash, read-write). */
  vars: string;
  /** swtpm's state directory (uefi-secure only): `swtpm socket --tpmstate dir=…`. */
  tpm?: string;
}

/** `dir/windows.qcow2` → `dir/windows.efivars.fd` and `dir/windows.tpm`. Pure. */
export function firmwareStatePaths(output: string, firmware: Firmware): FirmwareStatePaths {
  const base = output.replace(/\.qcow2$/i, '');
  return {
    vars: `${base}.efivars.fd`,
    tpm: firmware === 'uefi-secure' ? `${base}.tpm` : undefined,
  };
}

/** Preflight: refuses to overwrite an existing vars file or a non-empty TPM state directory. */
export function checkFirmwareStateTargets(output: string, firmware: Firmware): void {
  const targets = firmwareStatePaths(output, firmware);
  for (const target of [targets.vars, targets.tpm]) {
    if (target && occupied(target)) {
      throw new BuildError('output-exists', `${target} already exists (for --keep-firmware-state)`, {
        hint: 'Move or delete it first, or choose another --output; firmware state is never overwritten.',
      });
    }
  }
}

function occupied(target: string): boolean {
  try {
    const stats = statSync(target);
    return stats.isDirectory() ? readdirSync(target).length > 0 : stats.size > 0;
  } catch {
    return false;
  }
}

export class SaveFirmwareState implements Step {
  readonly title = 'Saving the firmware state';
  private partial?: FirmwareStatePaths;
  private finished = false;

  async run(context: BuildContext): Promise<void> {
    const vm = context.vm!;
    if (!context.options.keepFirmwareState || vm.firmware.type !== 'uefi') {
      context.logger.debug('No firmware state to keep');
      return;
    }
    // swtpm ends by itself when QEMU has gone (--terminate), writing its state: copy it after that.
    if (context.tpm && !(await context.tpm.waitForExit(context.timings!.killGraceMs))) {
      throw new BuildError('vm-failed', 'swtpm is still running after the VM powered off', {
        hint: 'Its TPM state could be incomplete, so it was not kept; run the build again.',
      });
    }
    const suffix = partialSuffix();
    const hidden = (file: string) => partialPath(file, suffix);
    const final = firmwareStatePaths(context.output!, context.options.firmware);
    const partial: FirmwareStatePaths = { vars: hidden(final.vars) };
    this.partial = partial;
    copyFileSync(vm.firmware.vars, partial.vars);
    if (final.tpm) {
      partial.tpm = hidden(final.tpm);
      cpSync(tpmStateDir(context.workDir!), partial.tpm, { recursive: true });
    }
    this.finished = true;
    context.firmwareState = { partial, final };
    context.logger.info(
      `Firmware state saved for ${final.vars}${final.tpm ? ` and ${final.tpm}` : ''} (placed with the image)`,
    );
  }

  /** Like the image: removed only while unfinished; once complete it belongs with the finished image. */
  async cleanup(): Promise<void> {
    if (!this.partial || this.finished) return;
    for (const file of [this.partial.vars, this.partial.tpm]) {
      if (file) rmSync(file, { recursive: true, force: true });
    }
  }
}
