/**
 * ISO 9660 with its Joliet and Rock Ridge name extensions (ECMA-119, Joliet 1995, SUSP/RRIP 1.12).
 * Joliet names (UCS-2 big-endian in a supplementary descriptor) are what Windows reads, so they win over
 * the 8.3 upper-case primary tree; Rock Ridge "NM" names stand in for the primary names when there is no Joliet.
 * Files of 4 GiB and more are several directory records of one name, all but the last flagged multi-extent.
 */
import type { FsBackend, FsNode } from './fs-backend.js';
import { malformed, type ImageFile } from './image-file.js';

export const SECTOR = 2048;
/** Volume descriptors start at sector 16, after the system area. */
export const DESCRIPTORS_OFFSET = 16 * SECTOR;
/** Descriptors scanned from sector 16: the ISO 9660 set plus a UDF recognition sequence end well before. */
export const DESCRIPTOR_SCAN_SECTORS = 32;
/** No real directory comes near this; a larger size is damage, and reading it would waste memory. */
const MAX_DIRECTORY_BYTES = 64 * 1024 * 1024;
/** Rock Ridge continuation areas followed per record. */
const MAX_CONTINUATIONS = 8;

const FLAG_DIRECTORY = 0x02;
const FLAG_ASSOCIATED = 0x04;
const FLAG_MULTI_EXTENT = 0x80;

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
export function scanVolumeDescriptors(sectors: Buffer): VolumeDescriptors {
  const found: VolumeDescriptors = { udf: false };
  for (let at = 0; at + SECTOR <= sectors.length; at += SECTOR) {
    const type = sectors[at];
    const id = sectors.toString('latin1', at + 1, at + 6);
    if (id === 'CD001') {
      if (type === 1 && !found.primary) found.primary = parseVolume(sectors.subarray(at, at + SECTOR), false);
      if (type === 2 && !found.joliet && isJoliet(sectors.subarray(at + 88, at + 120))) {
        found.joliet = parseVolume(sectors.subarray(at, at + SECTOR), true);
      }
      // Type 255 ends the ISO 9660 set, but a UDF recognition sequence may follow: keep going.
    } else if (id === 'NSR02' || id === 'NSR03') {
      found.udf = true;
    } else if (['BEA01', 'TEA01', 'BOOT2', 'CDW02'].includes(id) || isZero(sectors, at, at + 7)) {
      // Recognition sequence members, and the empty sectors UDF with 4 KiB blocks leaves between them.
    } else {
      break;
    }
  }
  return found;
}

/** Joliet marks its supplementary descriptor with a UCS-2 escape sequence: %/@, %/C or %/E (levels 1–3). */
function isJoliet(escapes: Buffer): boolean {
  return escapes[0] === 0x25 && escapes[1] === 0x2f && [0x40, 0x43, 0x45].includes(escapes[2] ?? 0);
}

function parseVolume(descriptor: Buffer, joliet: boolean): IsoVolume {
  const rawId = descriptor.subarray(40, 72);
  return {
    volumeId: (joliet ? ucs2be(rawId) : rawId.toString('latin1')).replace(/[\s\0]+$/, ''),
    blockSize: descriptor.readUInt16LE(128),
    root: parseDirectoryRecord(descriptor, 156),
  };
}

/** Pure: one directory record; its length byte is not checked here (see parseDirectory). */
export function parseDirectoryRecord(buffer: Buffer, at: number): DirectoryRecord {
  const length = buffer[at] ?? 0;
  const nameLength = buffer[at + 32] ?? 0;
  const nameEnd = at + 33 + nameLength;
  // The identifier is padded to an even length; the system use area follows.
  const systemUse = nameEnd + (nameLength % 2 === 0 ? 1 : 0);
  return {
    extent: buffer.readUInt32LE(at + 2),
    xarLength: buffer[at + 1] ?? 0,
    dataLength: buffer.readUInt32LE(at + 10),
    flags: buffer[at + 25] ?? 0,
    identifier: buffer.subarray(at + 33, nameEnd),
    systemUse: buffer.subarray(Math.min(systemUse, at + length), at + length),
  };
}

/**
 * Pure: the records of a directory extent. Records never cross a block boundary; a zero length byte means
 * the rest of the block is padding. Returns undefined (damage) on a record that does not fit.
 */
export function parseDirectory(data: Buffer, blockSize: number): DirectoryRecord[] | undefined {
  const records: DirectoryRecord[] = [];
  let at = 0;
  while (at < data.length) {
    const length = data[at] ?? 0;
    if (length === 0) {
      at = (Math.floor(at / blockSize) + 1) * blockSize;
      continue;
    }
    const blockEnd = (Math.floor(at / blockSize) + 1) * blockSize;
    if (length < 34 || at + length > Math.min(blockEnd, data.length) || 33 + (data[at + 32] ?? 0) > length) {
      return undefined;
    }
    records.push(parseDirectoryRecord(data, at));
    at += length;
  }
  return records;
}

/** Pure: an ISO 9660 identifier without its ";1" version and the "." of an extension-less name. */
export function isoName(identifier: string): string {
  const name = identifier.replace(/;\d*$/, '');
  return name.endsWith('.') && name !== '.' ? name.slice(0, -1) : name;
}

/** Pure: UCS-2/UTF-16 big-endian text. */
export function ucs2be(bytes: Buffer): string {
  const swapped = Buffer.from(bytes.subarray(0, bytes.length - (bytes.length % 2)));
  return swapped.swap16().toString('utf16le');
}

export interface SuspResult {
  /** Name bytes from NM entries, in order. */
  name: Buffer[];
  /** An NM entry asked for more name in a following NM entry. */
  nameContinues: boolean;
  /** RE: the directory was relocated; its real entry is elsewhere, so this one is hidden. */
  relocated: boolean;
  /** SP: the system use sharing protocol is in use, with this many bytes to skip in each area. */
  sharing?: { skip: number };
  /** CE: more entries in a continuation area. */
  continuation?: { block: number; offset: number; length: number };
}

/** Pure: the SUSP entries of one system use (or continuation) area, added to `into`. */
export function parseSusp(area: Buffer, into?: SuspResult): SuspResult {
  const result: SuspResult = into ?? { name: [], nameContinues: false, relocated: false };
  result.continuation = undefined;
  let at = 0;
  while (at + 4 <= area.length) {
    const signature = area.toString('latin1', at, at + 2);
    const length = area[at + 2] ?? 0;
    if (length < 4 || at + length > area.length) break;
    const entry = area.subarray(at, at + length);
    if (signature === 'SP' && length >= 7 && entry[4] === 0xbe && entry[5] === 0xef) {
      result.sharing = { skip: entry[6] ?? 0 };
    } else if (signature === 'CE' && length >= 28) {
      result.continuation = {
        block: entry.readUInt32LE(4),
        offset: entry.readUInt32LE(12),
        length: entry.readUInt32LE(20),
      };
    } else if (signature === 'NM' && length >= 5) {
      const flags = entry[4] ?? 0;
      // CURRENT/PARENT (2, 4) name "." and "..": not names of their own.
      if ((flags & 0x06) === 0 && (result.name.length === 0 || result.nameContinues)) {
        result.name.push(entry.subarray(5));
        result.nameContinues = (flags & 0x01) !== 0;
      }
    } else if (signature === 'RE') {
      result.relocated = true;
    } else if (signature === 'ST') {
      break;
    }
    at += length;
  }
  return result;
}

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

function isZero(buffer: Buffer, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (buffer[i] !== 0) return false;
  return true;
}
