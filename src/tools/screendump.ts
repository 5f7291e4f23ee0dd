/**
 * One screenshot of the guest as PNG bytes, through QMP's screendump: PNG straight from QEMU ≥ 7.1, else its
 * PPM converted here. QEMU writes the file itself (it must be a path QEMU can write); it is removed again.
 */
import { readFile, rm } from 'node:fs/promises';
import { ppmToPng } from './png.js';
import type { QmpClient } from './qmp.js';

/** QEMU 7.1 added screendump's `format` argument (and PNG). */
export function screendumpTakesPng(version: QmpClient['qemuVersion']): boolean {
  return version !== undefined && (version.major > 7 || (version.major === 7 && version.minor >= 1));
}

export async function screendumpPng(qmp: QmpClient, scratchFile: string): Promise<Buffer> {
  const png = screendumpTakesPng(qmp.qemuVersion);
  try {
    await qmp.screendump(scratchFile, png ? 'png' : undefined);
    const bytes = await readFile(scratchFile);
    return png ? bytes : ppmToPng(bytes);
  } finally {
    await rm(scratchFile, { force: true });
  }
}
