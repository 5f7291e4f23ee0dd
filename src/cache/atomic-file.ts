/** The base cache's files and directories appear and vanish whole: a reader never sees half of one. */
import { randomBytes } from 'node:crypto';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Writes `text` to a sibling temporary file, then renames it over `file` (atomic on one filesystem). */
export function writeFileAtomic(file: string, text: string | Buffer, mode = 0o600): void {
  const temporary = `${file}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    writeFileSync(temporary, text, { mode, flag: 'wx' });
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/** Renames a directory out of the way first (to a hidden .NAME.trash-*), then removes it. */
export function removeDir(dir: string): void {
  const trash = path.join(
    path.dirname(dir),
    `.${path.basename(dir)}.trash-${randomBytes(4).toString('hex')}`,
  );
  try {
    renameSync(dir, trash);
  } catch {
    return;
  }
  rmSync(trash, { recursive: true, force: true });
}
