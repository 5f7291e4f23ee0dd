/**
 * What a build's guest has taken of its memory so far: the resident memory of the build process's children
 * (its QEMU; swtpm and the rest are small), at most `reservedBytes`. 0 before QEMU starts.
 */
export declare function touchedGuestBytes(buildPid: number, reservedBytes: number): number;
/** Bytes allocated on disk under `dir` (sparse files count what they hold); 0 when it is gone. */
export declare function allocatedBytes(dir: string): number;
