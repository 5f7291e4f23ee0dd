/**
 * What a download must be before it is trusted, cached or left at its path: a disc image (ISO 9660 or UDF) or
 * a Windows Installer package. An unpinned URL has no checksum to catch a captive portal's or mirror's HTML
 * error page served with status 200; this catches it, and says what arrived instead.
 */
import { open } from 'node:fs/promises';
import { BuildError } from '../errors.js';
import { formatBytes } from '../log.js';
import { isDiscImage } from '../media/disc-fs.js';
import { isCompoundFile } from '../media/msi.js';

/** disc-image: an .iso (Windows, virtio-win); msi: a Windows Installer package (OpenSSH). */
export type ContentKind = 'disc-image' | 'msi';

const EXPECTED: Record<ContentKind, string> = {
  'disc-image': 'an ISO 9660 or UDF disc image',
  msi: 'a Windows Installer package (an OLE compound file)',
};

/** Throws download-failed when `file` (downloaded from `shown`) is not of `kind`. */
export async function checkContent(
  file: string,
  kind: ContentKind,
  shown: string,
  size: number,
): Promise<void> {
  const ok = kind === 'disc-image' ? await isDiscImage(file) : await isCompoundFile(file);
  if (ok) return;
  const head = await readHead(file, 64);
  throw new BuildError(
    'download-failed',
    `${shown} did not serve ${EXPECTED[kind]}: it sent ${describeContent(head, size)}`,
    {
      hint:
        'The server answered with something else (an error or login page, or the wrong file): open the URL in ' +
        'a browser, fix the URL, or download the file yourself and pass its path.',
    },
  );
}

/** Pure: a short description of what a file holds, from its first bytes and its size, for an error message. */
export function describeContent(head: Buffer, size: number): string {
  if (size === 0) return 'an empty file';
  const text = head.toString('latin1').trimStart().toLowerCase();
  const amount = formatBytes(size);
  if (/^(<!doctype html|<html|<head|<body|<\?xml[^>]*>\s*<html)/.test(text) || text.includes('<html')) {
    return `an HTML page (${amount})`;
  }
  if (text.startsWith('{') || text.startsWith('[')) return `what looks like JSON (${amount})`;
  const shown = head.subarray(0, 16);
  const printable = /^[\x20-\x7e\t\r\n]*$/.test(shown.toString('latin1'));
  return printable
    ? `${amount} of text starting with ${JSON.stringify(shown.toString('latin1'))}`
    : `${amount} starting with bytes ${shown.toString('hex').replace(/(..)(?!$)/g, '$1 ')}`;
}

async function readHead(file: string, length: number): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(length);
    const { bytesRead } = await handle.read(head, 0, length, 0);
    return head.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
