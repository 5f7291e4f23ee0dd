/**
 * Puts the finished image at --output by a rename (atomic, on one filesystem): a half-built image never
 * appears there, and one that cannot be placed is kept where it is and named in the error. The firmware
 * state goes first, so that when the image appears, everything that belongs to it is there.
 * Uses: finishedImage, firmwareState, output. Produces: image (path, sizes, sha256).
 */
import { statSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { BuildError } from '../../errors.js';
import { formatBytes } from '../../log.js';
import { sha256File } from '../../tools/hash.js';
import { imageInfo } from '../../tools/qemu-img.js';
import type { BuildContext, ImageResult, Step } from '../context.js';
import type { FirmwareStatePaths } from './firmware-state.js';

export class Finalize implements Step {
  readonly title = 'Finalizing the image';

  async run(context: BuildContext): Promise<void> {
    const output = context.output!;
    const finished = context.finishedImage!;
    const state = context.firmwareState;
    // Someone may have put a file at --output while we were building: never overwrite a non-empty one.
    if (occupied(output)) {
      throw new BuildError(
        'output-exists',
        `${output} appeared while the image was being built; it was not overwritten`,
        { hint: keptHint(finished, state && describeState(state.partial)) },
      );
    }
    // Everything about the image is known before it is placed: after the rename, nothing can fail.
    const info = await imageInfo(finished, context.signal);
    const image: ImageResult = {
      path: output,
      sizeBytes: statSync(finished).size,
      virtualSizeBytes: info.virtualSizeBytes,
      sha256: await sha256File(finished),
      firmwareState: state?.final,
    };
    try {
      if (state) {
        await rename(state.partial.vars, state.final.vars);
        if (state.partial.tpm && state.final.tpm) {
          await rm(state.final.tpm, { recursive: true, force: true }); // an empty directory (preflight checked)
          await rename(state.partial.tpm, state.final.tpm);
        }
      }
      await rename(finished, output);
    } catch (error) {
      throw new BuildError(
        'output-unwritable',
        `Could not move the image to ${output}: ${(error as Error).message}`,
        {
          hint: keptHint(
            finished,
            state && `${describeState(state.partial)} or ${describeState(state.final)}`,
          ),
        },
      );
    }
    context.image = image;
    context.logger.info(
      `Image: ${output} (${formatBytes(context.image.sizeBytes)}, sha256 ${context.image.sha256})`,
    );
    if (state) context.logger.info(`Firmware state: ${describeState(state.final)}`);
  }
}

/** The hint of an image that could not be placed. The builder adds the same for later failures. */
export function keptHint(image: string, firmwareState?: string): string {
  return `The finished image is at ${image}${firmwareState ? ` (its firmware state at ${firmwareState})` : ''}: move it where you want it.`;
}

function occupied(file: string): boolean {
  try {
    return statSync(file).size > 0;
  } catch {
    return false;
  }
}

function describeState(state: FirmwareStatePaths): string {
  return state.tpm ? `${state.vars} and ${state.tpm}` : state.vars;
}
