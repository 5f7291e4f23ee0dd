/**
 * The hidden files a build writes next to the output before it places them (the compacted image, the
 * firmware state): `dir/.name.partial-1a2b3c4d`. Next to the output, so that placing them is a rename on one
 * filesystem; hidden and suffixed, so that they are never taken for the output or another build's files.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';

const MARK = '.partial-';

/** A new suffix; the files of one build that belong together share it. */
export function partialSuffix(): string {
  return randomBytes(4).toString('hex');
}

/** `dir/name` → `dir/.name.partial-<suffix>`. Pure. */
export function partialPath(file: string, suffix: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}${MARK}${suffix}`);
}

/** Whether the file name `name` is a partial of `file` (any build's). Pure. */
export function isPartialOf(name: string, file: string): boolean {
  const owner = `.${path.basename(file)}${MARK}`;
  return name.startsWith(owner) && /^[0-9a-f]{8}$/.test(name.slice(owner.length));
}
