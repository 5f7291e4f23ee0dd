import type { BlobSource } from './blob-source.js';
import type { RegistryClient } from './client.js';
export interface UploadOptions {
    /** Failed PATCHes (each resumed) before the upload gives up. */
    maxFailures?: number;
    /** PATCHes of at most this many bytes, each with Content-Range; undefined: the whole blob in one PATCH. */
    chunkSizeBytes?: number;
}
/** What happened to a blob: already there, or sent (with the number of PATCH requests it took). */
export type BlobOutcome = {
    status: 'exists';
} | {
    status: 'uploaded';
    patches: number;
    resumed: number;
};
export declare function pushBlob(client: RegistryClient, blob: BlobSource, options?: UploadOptions): Promise<BlobOutcome>;
