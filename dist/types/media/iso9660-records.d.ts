/**
 * ISO 9660 structures parsed from bytes (ECMA-119, Joliet 1995, SUSP/RRIP 1.12): the volume descriptors from
 * sector 16 (and whether a UDF recognition sequence is among them), directory records, identifiers, and the
 * SUSP entries of a system use area that carry Rock Ridge names. Pure functions; iso9660.ts does the reading.
 */
export declare const SECTOR = 2048;
/** Volume descriptors start at sector 16, after the system area. */
export declare const DESCRIPTORS_OFFSET: number;
/** Descriptors scanned from sector 16: the ISO 9660 set plus a UDF recognition sequence end well before. */
export declare const DESCRIPTOR_SCAN_SECTORS = 32;
export interface DirectoryRecord {
    /** Logical block of the extent. */
    extent: number;
    /** Blocks of extended attribute record before the data. */
    xarLength: number;
    dataLength: number;
    flags: number;
    /** The raw file identifier: 0x00 is ".", 0x01 is "..". */
    identifier: Buffer;
    /** The system use area (Rock Ridge lives here). */
    systemUse: Buffer;
}
export interface IsoVolume {
    volumeId: string;
    blockSize: number;
    root: DirectoryRecord;
}
export interface VolumeDescriptors {
    primary?: IsoVolume;
    joliet?: IsoVolume;
    /** An NSR02/NSR03 descriptor: the image has a UDF file system. */
    udf: boolean;
}
/** Pure: the volume descriptors in the sectors from 16 on (`sectors` starts at byte 32768). */
export declare function scanVolumeDescriptors(sectors: Buffer): VolumeDescriptors;
/** Pure: one directory record; its length byte is not checked here (see parseDirectory). */
export declare function parseDirectoryRecord(buffer: Buffer, at: number): DirectoryRecord;
/**
 * Pure: the records of a directory extent. Records never cross a block boundary; a zero length byte means
 * the rest of the block is padding. Returns undefined (damage) on a record that does not fit.
 */
export declare function parseDirectory(data: Buffer, blockSize: number): DirectoryRecord[] | undefined;
/** Pure: an ISO 9660 identifier without its ";1" version and the "." of an extension-less name. */
export declare function isoName(identifier: string): string;
/** Pure: UCS-2/UTF-16 big-endian text. */
export declare function ucs2be(bytes: Buffer): string;
export interface SuspResult {
    /** Name bytes from NM entries, in order. */
    name: Buffer[];
    /** An NM entry asked for more name in a following NM entry. */
    nameContinues: boolean;
    /** RE: the directory was relocated; its real entry is elsewhere, so this one is hidden. */
    relocated: boolean;
    /** SP: the system use sharing protocol is in use, with this many bytes to skip in each area. */
    sharing?: {
        skip: number;
    };
    /** CE: more entries in a continuation area. */
    continuation?: {
        block: number;
        offset: number;
        length: number;
    };
}
/** Pure: the SUSP entries of one system use (or continuation) area, added to `into`. */
export declare function parseSusp(area: Buffer, into?: SuspResult): SuspResult;
