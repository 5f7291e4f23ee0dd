/** Descriptor tag identifiers. */
export declare const Tag: {
    readonly AnchorPointer: 2;
    readonly VolumePointer: 3;
    readonly Partition: 5;
    readonly LogicalVolume: 6;
    readonly Terminating: 8;
    readonly FileSet: 256;
    readonly FileIdentifier: 257;
    readonly AllocationExtent: 258;
    readonly Indirect: 259;
    readonly Terminal: 260;
    readonly FileEntry: 261;
    readonly ExtendedFileEntry: 266;
};
/** ECMA-167 3/7.2.3: the tag checksum is the byte sum of the 16-byte tag without byte 4 itself. */
export declare function tagChecksum(buffer: Buffer, at?: number): number;
/** The identifier of a valid descriptor tag at `at`, or undefined when the checksum does not match. */
export declare function tagId(buffer: Buffer, at?: number): number | undefined;
/** The block a tag says it was recorded at. */
export declare function tagLocation(buffer: Buffer, at?: number): number;
/** Pure: OSTA CS0 "compressed unicode": a compression id (8 or 16 bits per character) then the characters. */
export declare function decodeCs0(bytes: Buffer): string | undefined;
/** Pure: a fixed-size dstring field: CS0 text whose length is the field's last byte. */
export declare function decodeDstring(field: Buffer): string;
export interface ExtentAd {
    length: number;
    location: number;
}
export interface LbAddress {
    partition: number;
    block: number;
}
export interface UdfExtent extends LbAddress {
    /** 0 recorded, 1 allocated but not recorded, 2 sparse, 3 the next block of allocation descriptors. */
    type: number;
    length: number;
}
/** Pure: a long_ad (16 bytes): extent length and type, logical block, partition reference. */
export declare function parseLongAd(buffer: Buffer, at: number): UdfExtent;
export declare const AdType: {
    readonly Short: 0;
    readonly Long: 1;
    readonly Extended: 2;
    readonly Embedded: 3;
};
/**
 * Pure: allocation descriptors of `type` (short/long/extended). Short ones inherit the partition of their
 * file entry. A zero length ends the list; type 3 points at a block with more descriptors, returned as `next`.
 */
export declare function parseAllocationDescriptors(area: Buffer, type: number, partition: number): {
    extents: UdfExtent[];
    next?: UdfExtent;
};
export type PartitionMap = {
    kind: 'physical';
    partitionNumber: number;
} | {
    kind: 'metadata';
    partitionNumber: number;
    metadataFile: number;
    mirrorFile: number;
} | {
    kind: 'other';
    partitionNumber: number;
    identifier: string;
};
export interface LogicalVolume {
    /** The logical volume identifier: what Windows shows as the disc's label. */
    volumeId: string;
    blockSize: number;
    fileSet: UdfExtent;
    maps: PartitionMap[];
}
export interface PartitionDescriptor {
    number: number;
    /** First sector of the partition. */
    start: number;
    /** Its length in sectors. */
    length: number;
}
/** Pure: the partition maps of a logical volume descriptor. */
export declare function parseLogicalVolume(lvd: Buffer, source: string): LogicalVolume;
export interface VolumeSequence {
    partitions: Map<number, PartitionDescriptor>;
    logicalVolume?: Buffer;
    /** A volume descriptor pointer: the sequence continues in this extent. */
    next?: ExtentAd;
}
/**
 * Pure: the descriptors of one volume descriptor sequence extent (added to `into`). Of several copies of a
 * descriptor, the one with the highest sequence number prevails. Returns undefined on a damaged descriptor.
 */
export declare function parseVolumeSequence(blocks: Buffer, blockSize: number, into?: VolumeSequence): VolumeSequence | undefined;
export interface FileEntry {
    tag: number;
    fileType: number;
    /** 0 short, 1 long, 2 extended allocation descriptors, 3 data embedded in the entry. */
    adType: number;
    size: number;
    /** The allocation descriptors, or the data itself when embedded. */
    area: Buffer;
}
/** Pure: a File Entry (tag 261) or Extended File Entry (tag 266) block; the caller has checked the tag. */
export declare function parseFileEntry(block: Buffer, source: string, what: string): FileEntry;
export interface FileIdentifier {
    name: string;
    isDirectory: boolean;
    icb: UdfExtent;
}
/** Pure: the file identifier descriptors of a directory's data, without the parent and deleted entries. */
export declare function parseFileIdentifiers(data: Buffer, source: string, what: string): FileIdentifier[];
