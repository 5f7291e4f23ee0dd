/** Windows Installer packages, recognised by their container: every MSI is an OLE compound file. */
import { open } from 'node:fs/promises';

/** The first eight bytes of every OLE compound file. */
export const COMPOUND_FILE_MAGIC = Buffer.from('d0cf11e0a1b11ae1', 'hex');

/** Whether `file` starts with the compound file signature (an MSI, or another OLE document). */
export async function isCompoundFile(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(COMPOUND_FILE_MAGIC.length);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return bytesRead === head.length && head.equals(COMPOUND_FILE_MAGIC);
  } finally {
    await handle.close();
  }
}
