/**
 * The one-file tar a KubeVirt containerDisk layer is: a ustar header for `disk/<name>.qcow2` (push.ts falls back
 * to `disk/disk.qcow2` when that is over 100 bytes) with uid/gid 107 (the qemu user KubeVirt runs as) and mode 0440, the file, zero padding to 512 bytes, and the two zero blocks that end
 * an archive. Written by hand so the qcow2 streams from disk into the upload. A size that does not fit ustar's
 * 11 octal digits (8 GiB and more) goes in GNU's base-256 form, which GNU tar, Go's archive/tar (containerd,
 * CRI-O) and bsdtar read. Pure.
 */

import { BuildError } from '../errors.js';

const BLOCK = 512;
/** ustar's name field (the prefix field is not used). */
export const TAR_NAME_BYTES = 100;
/** The largest size ustar's 11 octal digits hold: 8 GiB - 1. */
const MAX_OCTAL_SIZE = 8 ** 11 - 1;

export interface TarEntry {
  /** At most 100 bytes (no prefix field needed for `disk/<name>.qcow2`). */
  name: string;
  size: number;
  mode: number;
  uid: number;
  gid: number;
  /** Seconds since the epoch. */
  mtime: number;
}

function writeOctal(header: Buffer, offset: number, length: number, value: number): void {
  header.write(value.toString(8).padStart(length - 1, '0') + '\0', offset, length, 'ascii');
}

/** The size field: octal when it fits, else base-256 (first byte 0x80, then the value big-endian). */
function writeSize(header: Buffer, value: number): void {
  if (value <= MAX_OCTAL_SIZE) return writeOctal(header, 124, 12, value);
  header[124] = 0x80;
  let rest = BigInt(value);
  for (let i = 135; i > 124; i--) {
    header[i] = Number(rest & 0xffn);
    rest >>= 8n;
  }
}

/** The 512-byte ustar header of a regular file. */
export function tarHeader(entry: TarEntry): Buffer {
  const header = Buffer.alloc(BLOCK);
  // planPush chooses a name that fits; this is the last guard.
  if (Buffer.byteLength(entry.name) > TAR_NAME_BYTES)
    throw new BuildError('internal', `tar entry name longer than ${TAR_NAME_BYTES} bytes: ${entry.name}`);
  header.write(entry.name, 0, 100, 'utf8');
  writeOctal(header, 100, 8, entry.mode);
  writeOctal(header, 108, 8, entry.uid);
  writeOctal(header, 116, 8, entry.gid);
  writeSize(header, entry.size);
  writeOctal(header, 136, 12, entry.mtime);
  header.write('        ', 148, 8, 'ascii'); // the checksum counts itself as spaces
  header.write('0', 156, 1, 'ascii'); // regular file
  header.write('ustar\0' + '00', 257, 8, 'ascii');
  header.write('qemu', 265, 32, 'ascii');
  header.write('qemu', 297, 32, 'ascii');
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 8, 'ascii');
  return header;
}

/** The zero bytes after the file's data up to the block boundary, and the two end blocks. */
export function tarTrailer(size: number): Buffer {
  const padding = (BLOCK - (size % BLOCK)) % BLOCK;
  return Buffer.alloc(padding + 2 * BLOCK);
}
