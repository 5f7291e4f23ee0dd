/**
 * UDF descriptors (ECMA-167 3/7, 3/10, 4/14 with the OSTA UDF profile), parsed from bytes: tags, OSTA CS0
 * strings, allocation descriptors, partition maps, the volume descriptor sequence, file entries and file
 * identifiers. Pure functions; udf.ts does the reading.
 */
import { malformed } from './image-file.js';

/** Descriptor tag identifiers. */
export const Tag = {
  AnchorPointer: 2,
  VolumePointer: 3,
  Partition: 5,
  LogicalVolume: 6,
  Terminating: 8,
  FileSet: 256,
  FileIdentifier: 257,
  AllocationExtent: 258,
  Indirect: 259,
  Terminal: 260,
  FileEntry: 261,
  ExtendedFileEntry: 266,
} as const;

/** File identifier characteristics. */
const FID_DIRECTORY = 0x02;
const FID_DELETED = 0x04;
const FID_PARENT = 0x08;

/** ECMA-167 3/7.2.3: the tag checksum is the byte sum of the 16-byte tag without byte 4 itself. */
export function tagChecksum(buffer: Buffer, at = 0): number {
  let sum = 0;
  for (let i = 0; i < 16; i++) if (i !== 4) sum += buffer[at + i] ?? 0;
  return sum & 0xff;
}

/** The identifier of a valid descriptor tag at `at`, or undefined when the checksum does not match. */
export function tagId(buffer: Buffer, at = 0): number | undefined {
  if (buffer.length < at + 16 || tagChecksum(buffer, at) !== buffer[at + 4]) return undefined;
  const id = buffer.readUInt16LE(at);
  return id === 0 && buffer.readUInt32LE(at + 12) === 0 && buffer[at + 4] === 0 ? undefined : id;
}

/** The block a tag says it was recorded at. */
export function tagLocation(buffer: Buffer, at = 0): number {
  return buffer.readUInt32LE(at + 12);
}

/** Pure: OSTA CS0 "compressed unicode": a compression id (8 or 16 bits per character) then the characters. */
export function decodeCs0(bytes: Buffer): string | undefined {
  if (bytes.length === 0) return '';
  const id = bytes[0];
  const body = bytes.subarray(1);
  if (id === 8 || id === 254) return body.toString('latin1');
  if (id === 16 || id === 255) {
    const even = Buffer.from(body.subarray(0, body.length - (body.length % 2)));
    return even.swap16().toString('utf16le');
  }
  return undefined;
}

/** Pure: a fixed-size dstring field: CS0 text whose length is the field's last byte. */
export function decodeDstring(field: Buffer): string {
  const length = field[field.length - 1] ?? 0;
  if (length === 0 || length >= field.length) return '';
  return (decodeCs0(field.subarray(0, length)) ?? '').replace(/\0+$/, '');
}

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
export function parseLongAd(buffer: Buffer, at: number): UdfExtent {
  const raw = buffer.readUInt32LE(at);
  return {
    type: raw >>> 30,
    length: raw & 0x3fffffff,
    block: buffer.readUInt32LE(at + 4),
    partition: buffer.readUInt16LE(at + 8),
  };
}

export const AdType = { Short: 0, Long: 1, Extended: 2, Embedded: 3 } as const;

/**
 * Pure: allocation descriptors of `type` (short/long/extended). Short ones inherit the partition of their
 * file entry. A zero length ends the list; type 3 points at a block with more descriptors, returned as `next`.
 */
export function parseAllocationDescriptors(
  area: Buffer,
  type: number,
  partition: number,
): { extents: UdfExtent[]; next?: UdfExtent } {
  const size = type === AdType.Short ? 8 : type === AdType.Long ? 16 : 20;
  const extents: UdfExtent[] = [];
  for (let at = 0; at + size <= area.length; at += size) {
    let extent: UdfExtent;
    if (type === AdType.Short) {
      const raw = area.readUInt32LE(at);
      extent = { type: raw >>> 30, length: raw & 0x3fffffff, block: area.readUInt32LE(at + 4), partition };
    } else if (type === AdType.Long) {
      extent = parseLongAd(area, at);
    } else {
      // ext_ad: extent length, recorded length, information length, then the lb_addr.
      const raw = area.readUInt32LE(at);
      extent = {
        type: raw >>> 30,
        length: raw & 0x3fffffff,
        block: area.readUInt32LE(at + 12),
        partition: area.readUInt16LE(at + 16),
      };
    }
    if (extent.length === 0) break;
    if (extent.type === 3) return { extents, next: extent };
    extents.push(extent);
  }
  return { extents };
}

export type PartitionMap =
  | { kind: 'physical'; partitionNumber: number }
  | { kind: 'metadata'; partitionNumber: number; metadataFile: number; mirrorFile: number }
  | { kind: 'other'; partitionNumber: number; identifier: string };

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
export function parseLogicalVolume(lvd: Buffer, source: string): LogicalVolume {
  const tableLength = lvd.readUInt32LE(264);
  const count = lvd.readUInt32LE(268);
  const maps: PartitionMap[] = [];
  let at = 440;
  const end = Math.min(lvd.length, 440 + tableLength);
  for (let i = 0; i < count; i++) {
    const type = lvd[at];
    const length = lvd[at + 1] ?? 0;
    if (length < 6 || at + length > end) throw malformed(source, 'the UDF partition map table is damaged');
    if (type === 1) {
      maps.push({ kind: 'physical', partitionNumber: lvd.readUInt16LE(at + 4) });
    } else if (type === 2 && length >= 40) {
      const identifier = lvd.toString('latin1', at + 5, at + 28).replace(/\0+$/, '');
      const partitionNumber = lvd.readUInt16LE(at + 38);
      if (identifier === '*UDF Metadata Partition' && length >= 48) {
        maps.push({
          kind: 'metadata',
          partitionNumber,
          metadataFile: lvd.readUInt32LE(at + 40),
          mirrorFile: lvd.readUInt32LE(at + 44),
        });
      } else {
        maps.push({ kind: 'other', partitionNumber, identifier });
      }
    } else {
      throw malformed(source, `UDF partition map ${i} has unknown type ${type}`);
    }
    at += length;
  }
  return {
    volumeId: decodeDstring(lvd.subarray(84, 212)),
    blockSize: lvd.readUInt32LE(212),
    fileSet: parseLongAd(lvd, 248),
    maps,
  };
}

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
export function parseVolumeSequence(
  blocks: Buffer,
  blockSize: number,
  into: VolumeSequence = { partitions: new Map() },
): VolumeSequence | undefined {
  const numbers = new Map<string, number>();
  into.next = undefined;
  for (let at = 0; at + blockSize <= blocks.length; at += blockSize) {
    const id = tagId(blocks, at);
    if (id === undefined) {
      // Unrecorded blocks end a sequence as well as a terminating descriptor does; damage does not.
      if (blocks.subarray(at, at + 16).every((byte) => byte === 0)) break;
      return undefined;
    }
    if (id === Tag.Terminating) break;
    const descriptor = blocks.subarray(at, at + blockSize);
    const sequenceNumber = descriptor.readUInt32LE(16);
    if (id === Tag.VolumePointer) {
      into.next = { length: descriptor.readUInt32LE(20), location: descriptor.readUInt32LE(24) };
      break;
    } else if (id === Tag.Partition) {
      const number = descriptor.readUInt16LE(22);
      if ((numbers.get(`p${number}`) ?? -1) < sequenceNumber) {
        numbers.set(`p${number}`, sequenceNumber);
        into.partitions.set(number, {
          number,
          start: descriptor.readUInt32LE(188),
          length: descriptor.readUInt32LE(192),
        });
      }
    } else if (id === Tag.LogicalVolume) {
      if ((numbers.get('lvd') ?? -1) < sequenceNumber) {
        numbers.set('lvd', sequenceNumber);
        into.logicalVolume = Buffer.from(descriptor);
      }
    }
  }
  return into;
}

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
export function parseFileEntry(block: Buffer, source: string, what: string): FileEntry {
  const tag = block.readUInt16LE(0);
  const extended = tag === Tag.ExtendedFileEntry;
  const header = extended ? 216 : 176;
  const eaLength = block.readUInt32LE(extended ? 208 : 168);
  const adLength = block.readUInt32LE(extended ? 212 : 172);
  if (header + eaLength + adLength > block.length) {
    throw malformed(source, `the UDF file entry of ${what} overflows its block`);
  }
  const size = Number(block.readBigUInt64LE(56));
  if (!Number.isSafeInteger(size))
    throw malformed(source, `the UDF file entry of ${what} has an impossible size`);
  return {
    tag,
    fileType: block[27] ?? 0,
    adType: block.readUInt16LE(34) & 0x07,
    size,
    area: block.subarray(header + eaLength, header + eaLength + adLength),
  };
}

export interface FileIdentifier {
  name: string;
  isDirectory: boolean;
  icb: UdfExtent;
}

/** Pure: the file identifier descriptors of a directory's data, without the parent and deleted entries. */
export function parseFileIdentifiers(data: Buffer, source: string, what: string): FileIdentifier[] {
  const entries: FileIdentifier[] = [];
  let at = 0;
  while (at + 38 <= data.length) {
    if (tagId(data, at) !== Tag.FileIdentifier) {
      // Some writers pad the last block of a directory with zeros.
      if (data.subarray(at).every((byte) => byte === 0)) break;
      throw malformed(source, `directory ${what} has a damaged UDF file identifier at byte ${at}`);
    }
    const characteristics = data[at + 18] ?? 0;
    const nameLength = data[at + 19] ?? 0;
    const useLength = data.readUInt16LE(at + 36);
    const length = 4 * Math.ceil((38 + useLength + nameLength) / 4);
    if (at + 38 + useLength + nameLength > data.length) {
      throw malformed(source, `directory ${what} has a UDF file identifier that runs past its end`);
    }
    if (!(characteristics & (FID_PARENT | FID_DELETED)) && nameLength > 0) {
      const nameStart = at + 38 + useLength;
      const name = decodeCs0(data.subarray(nameStart, nameStart + nameLength));
      if (name === undefined) throw malformed(source, `directory ${what} has a name in an unknown encoding`);
      entries.push({
        name,
        isDirectory: (characteristics & FID_DIRECTORY) !== 0,
        icb: parseLongAd(data, at + 20),
      });
    }
    at += length;
  }
  return entries;
}
