/**
 * Compacts the install disk into the finished image (with a cached base: flattens the overlay and the base into
 * one standalone image): only allocated, non-zero clusters, zstd-compressed, on every core (-m N -W),
 * written to a hidden partial file next to the output (so the final rename stays on one filesystem), then
 * checked. Uses: disk, output. Produces: finishedImage. Its cleanup removes the partial only while it is
 * unfinished: a finished image is never deleted, whatever fails after it (the builder names where it is).
 */
import { rmSync, statSync } from 'node:fs';
import { formatBytes, formatDuration } from '../../log.js';
import {
  checkImage,
  convertCoroutines,
  convertImage,
  imageInfo,
  requireStandalone,
} from '../../tools/qemu-img.js';
import type { BuildContext, Step } from '../context.js';
import { partialPath, partialSuffix } from '../partials.js';

export class Compact implements Step {
  readonly title = 'Compacting the image';
  readonly phase = 'compaction' as const;
  private partial?: string;
  private finished = false;

  async run(context: BuildContext): Promise<void> {
    const partial = partialPath(context.output!, partialSuffix());
    this.partial = partial;
    const started = Date.now();
    const before = await imageInfo(context.disk!, context.signal);
    await convertImage(
      {
        source: context.disk!,
        target: partial,
        compress: context.options.compress,
        coroutines: convertCoroutines(),
      },
      context.signal,
    );
    await checkImage(partial, context.signal);
    // An overlay on a cached base is read through it: the output must stand alone all the same.
    if (context.base?.status === 'hit') await requireStandalone(partial, context.signal);
    this.finished = true;
    context.finishedImage = partial;
    context.logger.info(
      `Compacted ${formatBytes(before.actualSizeBytes)} to ${formatBytes(statSync(partial).size)} in ${formatDuration(Date.now() - started)}`,
    );
  }

  async cleanup(): Promise<void> {
    if (this.partial && !this.finished) rmSync(this.partial, { force: true });
  }
}
