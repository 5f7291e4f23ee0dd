/**
 * Files inside a disc image, read in place: no mounting (needs root and a udf kernel module) and no
 * extracting (a Windows ISO is 5–7 GB). Only the descriptors and directories on the way to a file are read.
 *
 * UDF is preferred when the image has it: Microsoft's ISOs keep their files only there. Otherwise the Joliet
 * tree, otherwise the primary ISO 9660 tree. Paths use "/" or "\" and are matched case-insensitively, as
 * Windows does: "sources/install.wim" finds "SOURCES/INSTALL.WIM".
 */
import type { DiscKind } from './fs-backend.js';
export type { DiscKind } from './fs-backend.js';
export interface DiscEntry {
    name: string;
    /** The full path as recorded on the disc, "/"-separated from the root, e.g. "/sources/install.wim". */
    path: string;
    isDirectory: boolean;
    /** Bytes; exact up to 2^53, so files of 4 GiB and more are fine. */
    size: number;
}
export interface Disc {
    /** The image file. */
    readonly imagePath: string;
    readonly kind: DiscKind;
    /** The UDF logical volume identifier, else the Joliet or ISO 9660 volume identifier. */
    readonly volumeLabel: string;
    /** The entries of a directory ("" or "/" is the root). Throws when there is no such directory. */
    list(directory: string): Promise<DiscEntry[]>;
    /** The entry at a path, or undefined when there is none. */
    stat(path: string): Promise<DiscEntry | undefined>;
    /** Up to `length` bytes of a file from `offset` (fewer only at its end). Throws when there is no such file. */
    read(path: string, offset: number, length: number): Promise<Buffer>;
    close(): Promise<void>;
}
/** Whether a file is an ISO 9660 or UDF disc image, by its volume descriptors alone (two reads). */
export declare function isDiscImage(imagePath: string): Promise<boolean>;
export declare function openDisc(imagePath: string): Promise<Disc>;
/** Pure: the segments of a path inside a disc; "/", "\" and repeated separators all split; "." is dropped. */
export declare function splitPath(path: string): string[];
/**
 * Pure: Windows' case folding of a name: each character upper-cased on its own (so "ß" stays one character,
 * unlike String.toUpperCase).
 */
export declare function foldCase(name: string): string;
/** Pure: the entry of that name: the exact spelling first, else the first one equal but for case. */
export declare function matchName<T extends {
    name: string;
}>(entries: readonly T[], name: string): T | undefined;
