/**
 * --keep-firmware-state: the UEFI variable store (boot entries, Secure Boot keys) and, with uefi-secure, the
 * TPM's state, kept next to the image so it can boot later with exactly the firmware state Setup left.
 * They are copied after the guest powered off, into hidden partial files next to the output, and moved into
 * place by finalize just before the image, so they never appear without it.
 */
import { randomBytes } from 'node:crypto';
import { copyFileSync, cpSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { BuildError } from '../../errors.js';
import type { Firmware } from '../options.js';
import type { Step } from '../context.js';

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

export const saveFirmwareState: Step = {
  title: 'Saving the firmware state',
  async run(context) {
    const vm = context.vm!;
    if (!context.options.keepFirmwareState || vm.firmware.type !== 'uefi') return;
    const output = context.output!;
    const suffix = `partial-${randomBytes(4).toString('hex')}`;
    const hidden = (file: string) => path.join(path.dirname(file), `.${path.basename(file)}.${suffix}`);
    const final = firmwareStatePaths(output, context.options.firmware);
    const partial: FirmwareStatePaths = { vars: hidden(final.vars) };
    context.firmwareState = { partial, final, keep: false };
    copyFileSync(vm.firmware.vars, partial.vars);
    if (final.tpm) {
      partial.tpm = hidden(final.tpm);
      cpSync(path.join(context.workDir!, 'tpm'), partial.tpm, { recursive: true });
    }
    context.logger.info(
      `Firmware state saved for ${final.vars}${final.tpm ? ` and ${final.tpm}` : ''} (placed with the image)`,
    );
  },
  async cleanup(context, succeeded) {
    const state = context.firmwareState;
    if (!state || state.keep || succeeded) return;
    for (const file of [state.partial.vars, state.partial.tpm]) {
      if (file) rmSync(file, { recursive: true, force: true });
    }
  },
};
