/**
 * The smallest chunk accepted. Request-body limits in the wild are 1 MiB (nginx's default
 * client_max_body_size), 4 MiB (GHCR's ranged PATCH) or 100 MB (Cloudflare): all above it. Below it, each
 * request's round trip and the registry's per-PATCH bookkeeping would dominate: a 20 GiB image is already
 * 80 000 requests at 256 KiB.
 */
export declare const MIN_CHUNK_BYTES: number;
/** Bytes [from, to) of a blob. */
export interface ByteRange {
    from: number;
    to: number;
}
/** The bytes the next PATCH sends from `offset`: the rest of the blob, or at most `chunkSize` of it. */
export declare function nextChunk(offset: number, size: number, chunkSize?: number): ByteRange;
/** A chunk's Content-Range: first and last byte, inclusive, without a unit (the spec's form). */
export declare function contentRange({ from, to }: ByteRange): string;
/** `Range: 0-N` (distribution also writes `bytes=0-N`) → the N+1 bytes the registry holds; undefined without. */
export declare function heldBytes(range: string | undefined): number | undefined;
/** A chunk size (bytes) as the library takes it: a whole number of at least MIN_CHUNK_BYTES. */
export declare function checkChunkSize(bytes: number, subject: string, given?: string): number;
/** A chunk size as users type it (`4MiB`, `64M`, `1048576`) → bytes; usage errors name the fix. */
export declare function parseChunkSize(text: string, subject: string): number;
