/**
 * A blob to upload: its digest, size, and a way to read any byte range of it as a stream, so that a chunk can
 * be sent again from where the registry stopped. A blob is a list of parts: bytes in memory (a manifest, a tar
 * header) and ranges of files (the qcow2), read from disk as they are sent, never whole in memory.
 */
import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { Readable } from 'node:stream';

export type BlobPart = { bytes: Buffer } | { file: string; size: number };

export interface BlobSource {
  digest: string;
  size: number;
  mediaType: string;
  /** Bytes [start, end) of the blob. */
  open(start: number, end: number): Readable;
}

export function partSize(part: BlobPart): number {
  return 'bytes' in part ? part.bytes.length : part.size;
}

async function* rangeOf(parts: readonly BlobPart[], start: number, end: number): AsyncGenerator<Buffer> {
  let offset = 0;
  for (const part of parts) {
    const size = partSize(part);
    const from = Math.max(start, offset) - offset;
    const to = Math.min(end, offset + size) - offset;
    offset += size;
    if (to <= from) continue;
    if ('bytes' in part) yield part.bytes.subarray(from, to);
    else if (to > from) {
      for await (const chunk of createReadStream(part.file, {
        start: from,
        end: to - 1,
        highWaterMark: 1 << 20,
      }))
        yield chunk as Buffer;
    }
  }
}

/** The digest of the parts, read once (a file of gigabytes is streamed through the hash). */
export async function digestOf(parts: readonly BlobPart[]): Promise<string> {
  const hash = createHash('sha256');
  const size = parts.reduce((sum, part) => sum + partSize(part), 0);
  for await (const chunk of rangeOf(parts, 0, size)) hash.update(chunk);
  return `sha256:${hash.digest('hex')}`;
}

export function blobSource(parts: readonly BlobPart[], digest: string, mediaType: string): BlobSource {
  const size = parts.reduce((sum, part) => sum + partSize(part), 0);
  return { digest, size, mediaType, open: (start, end) => Readable.from(rangeOf(parts, start, end)) };
}

export function bytesBlob(bytes: Buffer, mediaType: string): BlobSource {
  return blobSource([{ bytes }], `sha256:${createHash('sha256').update(bytes).digest('hex')}`, mediaType);
}

/** A file part with the file's current size. */
export function filePart(file: string): BlobPart {
  return { file, size: statSync(file).size };
}
