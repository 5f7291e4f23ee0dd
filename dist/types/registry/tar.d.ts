/**
 * The one-file tar a KubeVirt containerDisk layer is: a ustar header for `disk/<name>.qcow2` (push.ts falls back
 * to `disk/disk.qcow2` when that is over 100 bytes) with uid/gid 107 (the qemu user KubeVirt runs as) and mode 0440, the file, zero padding to 512 bytes, and the two zero blocks that end
 * an archive. Written by hand so the qcow2 streams from disk into the upload. A size that does not fit ustar's
 * 11 octal digits (8 GiB and more) goes in GNU's base-256 form, which GNU tar, Go's archive/tar (containerd,
 * CRI-O) and bsdtar read. Pure.
 */
/** ustar's name field (the prefix field is not used). */
export declare const TAR_NAME_BYTES = 100;
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
/** The 512-byte ustar header of a regular file. */
export declare function tarHeader(entry: TarEntry): Buffer;
/** The zero bytes after the file's data up to the block boundary, and the two end blocks. */
export declare function tarTrailer(size: number): Buffer;
