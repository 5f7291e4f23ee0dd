import { BuildError } from '../errors.js';
export declare class ImageFile {
    /** The path the image was opened by, for messages. */
    readonly path: string;
    private readonly handle;
    /** Size in bytes; undefined for block devices, whose stat size is 0. */
    readonly size: number | undefined;
    private constructor();
    static open(path: string): Promise<ImageFile>;
    /**
     * Exactly `length` bytes at `position`; throws input-invalid naming `what` when the image ends first.
     */
    read(position: number, length: number, what: string): Promise<Buffer>;
    /** Reads up to `length` bytes into `target` at `targetOffset`; returns how many (fewer only at the end). */
    readInto(target: Buffer, targetOffset: number, length: number, position: number): Promise<number>;
    close(): Promise<void>;
}
/** The error for a disc image whose structures are damaged or unsupported: names the image and what is wrong. */
export declare function malformed(image: string, problem: string, hint?: string): BuildError;
