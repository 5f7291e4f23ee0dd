/**
 * ISO 9660 with its Joliet and Rock Ridge name extensions (ECMA-119, Joliet 1995, SUSP/RRIP 1.12).
 * Joliet names (UCS-2 big-endian in a supplementary descriptor) are what Windows reads, so they win over
 * the 8.3 upper-case primary tree; Rock Ridge "NM" names stand in for the primary names when there is no Joliet.
 * Files of 4 GiB and more are several directory records of one name, all but the last flagged multi-extent.
 * iso9660-records.ts parses the structures; this file walks them through positional reads of the image.
 */
import type { FsBackend, FsNode } from './fs-backend.js';
import { malformed, type ImageFile } from './image-file.js';
import {
  isoName,
  parseDirectory,
  parseSusp,
  ucs2be,
  type DirectoryRecord,
  type IsoVolume,
  type VolumeDescriptors,
} from './iso9660-records.js';

/** No real directory comes near this; a larger size is damage, and reading it would waste memory. */
const MAX_DIRECTORY_BYTES = 64 * 1024 * 1024;
/** Rock Ridge continuation areas followed per record. */
const MAX_CONTINUATIONS = 8;

const FLAG_DIRECTORY = 0x02;
const FLAG_ASSOCIATED = 0x04;
const FLAG_MULTI_EXTENT = 0x80;

export interface IsoNode extends FsNode {
  readonly size: number;
  /** Byte ranges of the data in the image, in file order. */
  readonly extents: readonly { position: number; length: number }[];
}

/** Reads an ISO 9660 volume (primary or Joliet tree) through positional reads. */
export class Iso9660Backend implements FsBackend<IsoNode> {
  readonly kind: 'joliet' | 'iso9660';
  readonly volumeLabel: string;
  readonly root: IsoNode;
  private readonly blockSize: number;

  private constructor(
    private readonly file: ImageFile,
    volume: IsoVolume,
    private readonly joliet: boolean,
    /** Rock Ridge in use (primary tree only), with its SUSP skip length. */
    private readonly rockRidge: { skip: number } | undefined,
    volumeLabel: string,
  ) {
    this.kind = joliet ? 'joliet' : 'iso9660';
    this.volumeLabel = volumeLabel;
    this.blockSize = volume.blockSize;
    this.root = this.node('', volume.root, [volume.root]);
  }

  /** The Joliet tree when there is one, else the primary tree (with Rock Ridge names when present). */
  static async open(file: ImageFile, descriptors: VolumeDescriptors): Promise<Iso9660Backend> {
    const volume = descriptors.joliet ?? descriptors.primary;
    if (!volume) throw malformed(file.path, 'no ISO 9660 primary volume descriptor at sector 16');
    if (![512, 1024, 2048, 4096].includes(volume.blockSize)) {
      throw malformed(file.path, `ISO 9660 logical block size ${volume.blockSize} is invalid`);
    }
    // Joliet's volume id holds 16 characters, the primary one 32: "virtio-win-0.1.262" survives only in the
    // primary. Take the longer of the two when one extends the other.
    const jolietLabel = descriptors.joliet?.volumeId ?? '';
    const primaryLabel = descriptors.primary?.volumeId ?? '';
    const label =
      primaryLabel.length > jolietLabel.length &&
      primaryLabel.toLowerCase().startsWith(jolietLabel.toLowerCase())
        ? primaryLabel
        : volume.volumeId || primaryLabel;
    const joliet = volume === descriptors.joliet;
    let rockRidge: { skip: number } | undefined;
    if (!joliet) {
      // Rock Ridge announces itself with an SP entry in the "." record of the root directory.
      const first = await file.read(
        volume.root.extent * volume.blockSize,
        volume.blockSize,
        'the root directory',
      );
      const records = parseDirectory(first, volume.blockSize);
      const dot = records?.[0];
      if (dot) rockRidge = parseSusp(dot.systemUse).sharing;
    }
    return new Iso9660Backend(file, volume, joliet, rockRidge, label);
  }

  async children(directory: IsoNode): Promise<IsoNode[]> {
    const extent = directory.extents[0];
    if (!extent || extent.length === 0) return [];
    if (extent.length > MAX_DIRECTORY_BYTES) {
      throw malformed(this.file.path, `directory "${directory.name}" claims ${extent.length} bytes`);
    }
    const data = await this.file.read(extent.position, extent.length, `directory "${directory.name || '/'}"`);
    const records = parseDirectory(data, this.blockSize);
    if (!records)
      throw malformed(this.file.path, `directory "${directory.name || '/'}" has a damaged record`);
    const nodes: IsoNode[] = [];
    for (let i = 0; i < records.length; i++) {
      const record = records[i] as DirectoryRecord;
      if (isSelfOrParent(record) || record.flags & FLAG_ASSOCIATED) continue;
      // A multi-extent file: this record and the following ones of the same name, up to one without the flag.
      const parts = [record];
      while (parts[parts.length - 1]!.flags & FLAG_MULTI_EXTENT) {
        const next = records[i + 1];
        if (!next || !next.identifier.equals(record.identifier)) {
          throw malformed(this.file.path, `multi-extent file "${this.rawName(record)}" has no final extent`);
        }
        parts.push(next);
        i++;
      }
      const name = await this.recordName(record);
      if (name !== undefined) nodes.push(this.node(name, record, parts));
    }
    return nodes;
  }

  async sizes(nodes: readonly IsoNode[]): Promise<number[]> {
    return nodes.map((node) => node.size);
  }

  async read(file: IsoNode, offset: number, length: number): Promise<Buffer> {
    const wanted = Math.max(0, Math.min(length, file.size - offset));
    const out = Buffer.alloc(wanted);
    let start = 0;
    for (const extent of file.extents) {
      const from = Math.max(offset, start);
      const to = Math.min(offset + wanted, start + extent.length);
      if (from < to) {
        const where = extent.position + (from - start);
        const got = await this.file.readInto(out, from - offset, to - from, where);
        if (got < to - from) {
          throw malformed(this.file.path, `is truncated: "${file.name}" lies past the end of the image`);
        }
      }
      start += extent.length;
    }
    return out;
  }

  private node(name: string, record: DirectoryRecord, parts: DirectoryRecord[]): IsoNode {
    const extents = parts.map((part) => ({
      position: (part.extent + part.xarLength) * this.blockSize,
      length: part.dataLength,
    }));
    return {
      name,
      isDirectory: (record.flags & FLAG_DIRECTORY) !== 0,
      size: extents.reduce((sum, extent) => sum + extent.length, 0),
      extents,
    };
  }

  private rawName(record: DirectoryRecord): string {
    return this.joliet ? ucs2be(record.identifier) : record.identifier.toString('latin1');
  }

  /** The name to show; undefined for an entry to hide (a relocated Rock Ridge directory). */
  private async recordName(record: DirectoryRecord): Promise<string | undefined> {
    if (this.rockRidge) {
      let susp = parseSusp(record.systemUse.subarray(this.rockRidge.skip));
      for (let hops = 0; susp.continuation && hops < MAX_CONTINUATIONS; hops++) {
        const { block, offset, length } = susp.continuation;
        if (length > this.blockSize) break;
        const area = await this.file.read(
          block * this.blockSize + offset,
          length,
          'a Rock Ridge continuation area',
        );
        susp = parseSusp(area, susp);
      }
      if (susp.relocated) return undefined;
      if (susp.name.length > 0) return Buffer.concat(susp.name).toString('utf8');
    }
    return isoName(this.rawName(record));
  }
}

function isSelfOrParent(record: DirectoryRecord): boolean {
  return record.identifier.length === 1 && (record.identifier[0] === 0 || record.identifier[0] === 1);
}
