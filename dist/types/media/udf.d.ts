/**
 * UDF (ECMA-167 with the OSTA UDF profile, revisions 1.02–2.60), read-only, for the way discs are mastered:
 * anchor at sector 256 (or at the end), volume descriptor sequence, partition maps (physical, and the metadata
 * partition of UDF 2.50+), file set descriptor, then file entries and file identifier descriptors.
 * Microsoft's Windows ISOs keep their files only here; their ISO 9660 side holds a README.
 * udf-volume.ts finds the volume; this file reads the partitions, file entries, directories and data.
 */
import type { FsBackend, FsNode } from './fs-backend.js';
import { type ImageFile } from './image-file.js';
import { type LbAddress } from './udf-descriptors.js';
export interface UdfNode extends FsNode {
    readonly icb: LbAddress;
}
export declare class UdfBackend implements FsBackend<UdfNode> {
    private readonly file;
    private readonly blockSize;
    private readonly partitions;
    readonly kind: "udf";
    readonly volumeLabel: string;
    /** Set by open() once the file set descriptor has been read. */
    root: UdfNode;
    private readonly entries;
    private readonly metadataRefs;
    private constructor();
    static open(file: ImageFile): Promise<UdfBackend>;
    children(directory: UdfNode): Promise<UdfNode[]>;
    sizes(nodes: readonly UdfNode[]): Promise<number[]>;
    read(node: UdfNode, offset: number, length: number): Promise<Buffer>;
    private entry;
    private loadEntry;
    /** Reads the entries of neighbouring nodes in few large reads instead of one read each (for listings). */
    private prefetchEntries;
    private readData;
    private readBlock;
    private readPartition;
    /** UDF 2.50+: the metadata partition is the content of a metadata file (or its mirror) in the physical one. */
    private openMetadataPartition;
}
