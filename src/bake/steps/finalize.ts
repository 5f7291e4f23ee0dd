/**
 * From the install disk to --output: compact (only allocated, non-zero clusters; zstd-compressed) into a
 * hidden partial file next to the output, check it, then rename it into place. A half-built image never
 * appears at --output, and a finished one is never deleted: if the rename cannot happen, the error names
 * where the image is.
 */
import { randomBytes } from 'node:crypto';
import { rmSync, statSync } from 'node:fs';
import { rename } from 'node:fs/promises';
import path from 'node:path';
import { BuildError } from '../../errors.js';
import { formatBytes, formatDuration } from '../../log.js';
import { sha256File } from '../../tools/hash.js';
import { checkImage, convertImage, imageInfo } from '../../tools/qemu-img.js';
import type { BuildContext, Step } from '../context.js';

const partials = new WeakMap<BuildContext, { file: string; keep: boolean }>();

export const compact: Step = {
  title: 'Compacting the image',
  async run(context) {
    const output = context.output!;
    const partial = path.join(
      path.dirname(output),
      `.${path.basename(output)}.partial-${randomBytes(4).toString('hex')}`,
    );
    partials.set(context, { file: partial, keep: false });
    const started = Date.now();
    const before = await imageInfo(context.disk!, context.signal);
    await convertImage(
      { source: context.disk!, target: partial, compress: context.options.compress },
      context.signal,
    );
    await checkImage(partial, context.signal);
    const after = statSync(partial).size;
    context.finishedImage = partial;
    context.logger.info(
      `Compacted ${formatBytes(before.actualSizeBytes)} to ${formatBytes(after)} in ${formatDuration(Date.now() - started)}`,
    );
  },
  async cleanup(context, succeeded) {
    const partial = partials.get(context);
    if (!succeeded && partial && !partial.keep) rmSync(partial.file, { force: true });
  },
};

export const finalize: Step = {
  title: 'Finalizing the image',
  async run(context) {
    const output = context.output!;
    const partial = context.finishedImage!;
    // Someone may have put a file at --output while we were building: never overwrite a non-empty one.
    let occupied = false;
    try {
      occupied = statSync(output).size > 0;
    } catch {
      occupied = false;
    }
    const state = context.firmwareState;
    if (occupied) {
      partials.get(context)!.keep = true;
      if (state) state.keep = true;
      throw new BuildError(
        'output-exists',
        `${output} appeared while the image was being built; it was not overwritten`,
        {
          hint: `The finished image is at ${partial}${state ? ` (its firmware state at ${describeState(state.partial)})` : ''}: move it where you want it.`,
        },
      );
    }
    try {
      // The firmware state first: when the image appears, everything that belongs to it is there.
      if (state) {
        state.keep = true;
        await rename(state.partial.vars, state.final.vars);
        if (state.partial.tpm && state.final.tpm) {
          rmSync(state.final.tpm, { recursive: true, force: true }); // an empty directory (preflight checked)
          await rename(state.partial.tpm, state.final.tpm);
        }
      }
      await rename(partial, output);
    } catch (error) {
      partials.get(context)!.keep = true;
      throw new BuildError(
        'output-unwritable',
        `Could not move the image to ${output}: ${(error as Error).message}`,
        {
          hint: `The finished image is at ${partial}${state ? ` (its firmware state at ${describeState(state.partial)} or ${describeState(state.final)})` : ''}: move it where you want it.`,
        },
      );
    }
    partials.delete(context);
    const info = await imageInfo(output, context.signal);
    context.image = {
      path: output,
      sizeBytes: statSync(output).size,
      virtualSizeBytes: info.virtualSizeBytes,
      sha256: await sha256File(output),
      firmwareState: state?.final,
    };
    context.logger.info(
      `Image: ${output} (${formatBytes(context.image.sizeBytes)}, sha256 ${context.image.sha256})`,
    );
    if (state) context.logger.info(`Firmware state: ${describeState(state.final)}`);
  },
};

function describeState(state: { vars: string; tpm?: string }): string {
  return state.tpm ? `${state.vars} and ${state.tpm}` : state.vars;
}
