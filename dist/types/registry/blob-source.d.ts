import { Readable } from 'node:stream';
export type BlobPart = {
    bytes: Buffer;
} | {
    file: string;
    size: number;
};
export interface BlobSource {
    digest: string;
    size: number;
    mediaType: string;
    /** Bytes [start, end) of the blob. */
    open(start: number, end: number): Readable;
}
export declare function partSize(part: BlobPart): number;
/** The digest of the parts, read once (a file of gigabytes is streamed through the hash). */
export declare function digestOf(parts: readonly BlobPart[]): Promise<string>;
export declare function blobSource(parts: readonly BlobPart[], digest: string, mediaType: string): BlobSource;
export declare function bytesBlob(bytes: Buffer, mediaType: string): BlobSource;
/** A file part with the file's current size. */
export declare function filePart(file: string): BlobPart;
