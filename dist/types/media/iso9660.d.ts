/**
 * ISO 9660 with its Joliet and Rock Ridge name extensions (ECMA-119, Joliet 1995, SUSP/RRIP 1.12).
 * Joliet names (UCS-2 big-endian in a supplementary descriptor) are what Windows reads, so they win over
 * the 8.3 upper-case primary tree; Rock Ridge "NM" names stand in for the primary names when there is no Joliet.
 * Files of 4 GiB and more are several directory records of one name, all but the last flagged multi-extent.
 * iso9660-records.ts parses the structures; this file walks them through positional reads of the image.
 */
import type { FsBackend, FsNode } from './fs-backend.js';
import { type ImageFile } from './image-file.js';
import { type VolumeDescriptors } from './iso9660-records.js';
export interface IsoNode extends FsNode {
    readonly size: number;
    /** Byte ranges of the data in the image, in file order. */
    readonly extents: readonly {
        position: number;
        length: number;
    }[];
}
/** Reads an ISO 9660 volume (primary or Joliet tree) through positional reads. */
export declare class Iso9660Backend implements FsBackend<IsoNode> {
    private readonly file;
    private readonly joliet;
    /** Rock Ridge in use (primary tree only), with its SUSP skip length. */
    private readonly rockRidge;
    readonly kind: 'joliet' | 'iso9660';
    readonly volumeLabel: string;
    readonly root: IsoNode;
    private readonly blockSize;
    private constructor();
    /** The Joliet tree when there is one, else the primary tree (with Rock Ridge names when present). */
    static open(file: ImageFile, descriptors: VolumeDescriptors): Promise<Iso9660Backend>;
    children(directory: IsoNode): Promise<IsoNode[]>;
    sizes(nodes: readonly IsoNode[]): Promise<number[]>;
    read(file: IsoNode, offset: number, length: number): Promise<Buffer>;
    private node;
    private rawName;
    /** The name to show; undefined for an entry to hide (a relocated Rock Ridge directory). */
    private recordName;
}
