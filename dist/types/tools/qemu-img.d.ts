export interface ImageInfo {
    virtualSizeBytes: number;
    /** Bytes the image file really occupies on the host. */
    actualSizeBytes: number;
    format: string;
    /** The backing file an overlay reads unwritten clusters from; undefined for a standalone image. */
    backingFile?: string;
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
    /** `-m N -W`: N parallel coroutines writing out of order (see convertCoroutines); omitted: qemu-img's 8, in order. */
    coroutines?: number;
    /**
     * `-U`: read a source that a QEMU still holds open (its lock refused otherwise). Only for a VM that is halted
     * after a clean power-off, whose disk nothing writes until it runs again.
     */
    sourceInUse?: boolean;
}
/** qemu-img convert refuses `-m` above 16 ("Allowed number of coroutines is between 1 and 16"). */
export declare const MAX_CONVERT_COROUTINES = 16;
/**
 * The `-m` for a compressing or flattening convert: one coroutine per host core, since zstd compression is
 * the bottleneck and runs in parallel per coroutine, capped at qemu-img's limit of 16. Pure.
 */
export declare function convertCoroutines(cores?: number): number;
/**
 * Copies only allocated, non-zero clusters: the compacted image. A source with a backing file is read
 * through it, so the target is always standalone (this is how an overlay is flattened). Pure.
 */
export declare function convertArgs(spec: ConvertSpec): string[];
/** A qcow2 overlay whose unwritten clusters read from `base` (which is never written through it). Pure. */
export declare function overlayArgs(base: string, overlay: string): string[];
export declare function createOverlay(base: string, overlay: string, signal?: AbortSignal): Promise<void>;
/** Overlay + base → one standalone, compressed qcow2 at `target`. Pure. */
export declare function flattenArgs(overlay: string, target: string, coroutines: number): string[];
/** Fails unless `file` is standalone: an image still pointing at a cached base must never be delivered. */
export declare function requireStandalone(file: string, signal?: AbortSignal): Promise<void>;
export declare function convertImage(spec: ConvertSpec, signal?: AbortSignal): Promise<void>;
