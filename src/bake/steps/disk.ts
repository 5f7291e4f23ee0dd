/**
 * The empty install disk: a qcow2 that grows on demand up to --disk-size; on a base cache hit, an overlay
 * backed by the base. Uses: workDir, the options, base. Produces: disk.
 */
import path from 'node:path';
import { formatBytes } from '../../log.js';
import { createOverlay, createQcow2, imageInfo } from '../../tools/qemu-img.js';
import type { BuildContext, Step } from '../context.js';

export class CreateDisk implements Step {
  readonly title = 'Creating the disk';
  async run(context: BuildContext): Promise<void> {
    const file = path.join(context.workDir!, 'disk.qcow2');
    // A cached base: an overlay that reads it and never writes it (flattened into the output at the end).
    if (context.base?.status === 'hit') await createOverlay(context.base.disk!, file, context.signal);
    else await createQcow2(file, context.options.diskSizeMiB, context.signal);
    const info = await imageInfo(file, context.signal);
    context.disk = file;
    context.logger.info(
      `Disk: ${file}, ${formatBytes(info.virtualSizeBytes)} virtual, ${formatBytes(info.actualSizeBytes)} allocated`,
    );
  }
}
