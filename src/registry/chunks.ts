/**
 * The opt-in chunked upload's arithmetic (the OCI distribution spec, "Pushing a blob in chunks"): which bytes
 * each PATCH carries, its `Content-Range` (`<start>-<end>`, inclusive, no `bytes=`), what a `Range: 0-<end>`
 * answer says the registry holds, and which chunk sizes are accepted. Pure; blob-upload.ts sends the chunks.
 */
import { BuildError } from '../errors.js';
import { parseBytes } from '../log.js';

/**
 * The smallest chunk accepted. Request-body limits in the wild are 1 MiB (nginx's default
 * client_max_body_size), 4 MiB (GHCR's ranged PATCH) or 100 MB (Cloudflare): all above it. Below it, each
 * request's round trip and the registry's per-PATCH bookkeeping would dominate: a 20 GiB image is already
 * 80 000 requests at 256 KiB.
 */
export const MIN_CHUNK_BYTES = 256 * 1024;
const MIN_CHUNK_TEXT = `${MIN_CHUNK_BYTES / 1024} KiB`;
const CHUNK_SIZE_HINT = `Give a size of at least ${MIN_CHUNK_TEXT} in bytes or binary units, below the request limit of the registry or its proxy: e.g. 50MiB (nginx's default limit is 1MiB, GHCR takes at most 4MiB).`;

/** Bytes [from, to) of a blob. */
export interface ByteRange {
  from: number;
  to: number;
}

/** The bytes the next PATCH sends from `offset`: the rest of the blob, or at most `chunkSize` of it. */
export function nextChunk(offset: number, size: number, chunkSize?: number): ByteRange {
  return { from: offset, to: chunkSize === undefined ? size : Math.min(size, offset + chunkSize) };
}

/** A chunk's Content-Range: first and last byte, inclusive, without a unit (the spec's form). */
export function contentRange({ from, to }: ByteRange): string {
  return `${from}-${to - 1}`;
}

/** `Range: 0-N` (distribution also writes `bytes=0-N`) → the N+1 bytes the registry holds; undefined without. */
export function heldBytes(range: string | undefined): number | undefined {
  const match = /^(?:bytes=)?0-(\d+)$/.exec(range?.trim() ?? '');
  return match ? Number(match[1]) + 1 : undefined;
}

/** A chunk size (bytes) as the library takes it: a whole number of at least MIN_CHUNK_BYTES. */
export function checkChunkSize(bytes: number, subject: string, given = String(bytes)): number {
  if (!Number.isSafeInteger(bytes) || bytes < MIN_CHUNK_BYTES) {
    throw new BuildError(
      'invalid-option',
      `${subject}: ${given} is below the smallest chunk, ${MIN_CHUNK_TEXT}`,
      { hint: CHUNK_SIZE_HINT },
    );
  }
  return bytes;
}

/** A chunk size as users type it (`4MiB`, `64M`, `1048576`) → bytes; usage errors name the fix. */
export function parseChunkSize(text: string, subject: string): number {
  const bytes = parseBytes(text);
  if (bytes === undefined) {
    throw new BuildError('invalid-option', `${subject}: "${text.trim()}" is not a size`, {
      hint: CHUNK_SIZE_HINT,
    });
  }
  return checkChunkSize(bytes, subject, `"${text.trim()}"`);
}
