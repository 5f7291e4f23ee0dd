/**
 * ISO 9660 structures parsed from bytes (ECMA-119, Joliet 1995, SUSP/RRIP 1.12): the volume descriptors from
 * sector 16 (and whether a UDF recognition sequence is among them), directory records, identifiers, and the
 * SUSP entries of a system use area that carry Rock Ridge names. Pure functions; iso9660.ts does the reading.
 */
export const SECTOR = 2048;
/** Volume descriptors start at sector 16, after the system area. */
export const DESCRIPTORS_OFFSET = 16 * SECTOR;
/** Descriptors scanned from sector 16: the ISO 9660 set plus a UDF recognition sequence end well before. */
export const DESCRIPTOR_SCAN_SECTORS = 32;

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

function isZero(buffer: Buffer, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (buffer[i] !== 0) return false;
  return true;
}
