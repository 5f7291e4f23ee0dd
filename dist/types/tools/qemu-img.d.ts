export interface ImageInfo {
    virtualSizeBytes: number;
    /** Bytes the image file really occupies on the host. */
    actualSizeBytes: number;
    format: string;
}
/** A qcow2 of the given virtual size with no preallocation: it grows only as the guest writes. */
export declare function createArgs(file: string, sizeMiB: number): string[];
export declare function createQcow2(file: string, sizeMiB: number, signal?: AbortSignal): Promise<void>;
export declare function imageInfo(file: string, signal?: AbortSignal): Promise<ImageInfo>;
/** Fails with qemu-img's report when the image has errors or leaks that would corrupt it. */
export declare function checkImage(file: string, signal?: AbortSignal): Promise<void>;
export interface ConvertSpec {
    source: string;
    target: string;
    /** zstd-compressed clusters: much smaller, still a plain qcow2 any QEMU ≥ 5.1 boots. */
    compress: boolean;
}
/** Copies only allocated, non-zero clusters: the compacted image. */
export declare function convertArgs(spec: ConvertSpec): string[];
export declare function convertImage(spec: ConvertSpec, signal?: AbortSignal): Promise<void>;
