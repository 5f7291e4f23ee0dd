/**
 * Disc images and WIMs for the media tests: real ones made by the real tools (wimcapture, genisoimage -udf,
 * xorrisofs, mkudffs), and one synthetic UDF 2.50 image for what no tool here writes (metadata partition,
 * extended allocation descriptors, allocation extent descriptors, indirect entries).
 */
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** Runs a program; resolves with its stdout, rejects with its stderr in the message. */
export async function run(program: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await execFileAsync(program, args, { maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' });
    return stdout;
  } catch (error) {
    const { stderr } = error as { stderr?: string };
    throw new Error(`${program} ${args.join(' ')} failed: ${stderr ?? String(error)}`);
  }
}

/** Writes files (path → content) under `root`, creating directories. */
export function writeTree(root: string, files: Record<string, string | Buffer>): string {
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), content);
  }
  mkdirSync(root, { recursive: true });
  return root;
}

export interface WimImageSpec {
  name: string;
  description?: string;
  /** --image-property NAME=VALUE pairs, e.g. { 'WINDOWS/VERSION/BUILD': '26100' }. */
  properties?: Record<string, string>;
}

/**
 * A real WIM with these images (each a tiny tree), via wimcapture and wimappend; with `esd`, exported into a
 * solid LZMS archive as Microsoft ships install.esd.
 */
export async function makeWim(
  dir: string,
  file: string,
  images: WimImageSpec[],
  options: { esd?: boolean } = {},
): Promise<string> {
  const target = options.esd ? `${file}.tmp.wim` : file;
  for (const [i, image] of images.entries()) {
    const tree = writeTree(path.join(dir, `wim-tree-${path.basename(file)}-${i}`), {
      'Windows/System32/config/SOFTWARE': `image ${i + 1}\n`,
      'Windows/explorer.exe': Buffer.alloc(4096, i + 1),
    });
    const args = [tree, target, image.name];
    if (image.description !== undefined) args.push(image.description);
    for (const [name, value] of Object.entries(image.properties ?? {}))
      args.push('--image-property', `${name}=${value}`);
    await run(i === 0 ? 'wimcapture' : 'wimappend', args);
  }
  if (options.esd) await run('wimexport', [target, 'all', file, '--solid']);
  return file;
}

export interface GenisoimageOptions {
  label: string;
  /** Paths left out of the ISO 9660 tree (genisoimage's -hide); the UDF tree keeps them. */
  hide?: string[];
  joliet?: boolean;
  /** -allow-limited-size: files of 4 GiB and more get their true size in UDF. */
  largeFiles?: boolean;
}

/** A UDF 1.02 bridge image (ISO 9660 + UDF, optionally Joliet) made by genisoimage, written sparse. */
export async function genisoimageUdf(
  source: string,
  output: string,
  options: GenisoimageOptions,
): Promise<string> {
  const args = ['-udf', '-quiet', '-input-charset', 'utf-8', '-V', options.label];
  if (options.joliet) args.push('-J', '-joliet-long');
  for (const hidden of options.hide ?? []) args.push('-hide', hidden);
  if (options.largeFiles) args.push('-allow-limited-size');
  await sparsePipe('genisoimage', [...args, source], output);
  return output;
}

export interface XorrisofsOptions {
  label: string;
  joliet?: boolean;
  /** Rock Ridge names (the default of xorrisofs); false writes plain ISO 9660 names. */
  rockRidge?: boolean;
  /** 3 allows files of 4 GiB and more (as multi-extent files). */
  isoLevel?: 1 | 2 | 3;
}

/** An ISO 9660 image (optionally Joliet with long names, Rock Ridge) made by xorrisofs, written sparse. */
export async function xorrisofs(source: string, output: string, options: XorrisofsOptions): Promise<string> {
  const args = ['-quiet', '-V', options.label, '-iso-level', String(options.isoLevel ?? 1)];
  if (options.joliet) args.push('-J', '-joliet-long');
  // xorrisofs writes Rock Ridge unless told not to.
  args.push(options.rockRidge ? '-r' : '--norock');
  await sparsePipe('xorrisofs', [...args, '-o', '-', source], output);
  return output;
}

/**
 * Runs a program that writes an image to stdout into `output` through `dd conv=sparse`: the zeros of large
 * sparse test files take no disk space and little time.
 */
async function sparsePipe(program: string, args: string[], output: string): Promise<void> {
  const quoted = [program, ...args].map((arg) => `'${arg.replace(/'/g, "'\\''")}'`).join(' ');
  await run('bash', [
    '-c',
    `set -o pipefail; ${quoted} | dd of='${output.replace(/'/g, "'\\''")}' bs=1M iflag=fullblock conv=sparse status=none`,
  ]);
}

// ---------------------------------------------------------------------------------------------------------------
// A synthetic UDF image, for structures no tool here writes

const BLOCK = 2048;
const PARTITION_START = 300;
const PARTITION_BLOCKS = 700;
/** Metadata partition blocks 0–11 live in three extents of the physical partition (UDF 2.50 metadata file). */
const METADATA_EXTENTS = [
  { meta: 0, physical: 20 },
  { meta: 4, physical: 40 },
  { meta: 8, physical: 60 },
];

export interface SyntheticUdf {
  image: Buffer;
  /** Expected file contents by path. */
  files: Record<string, Buffer>;
  label: string;
  /** The image byte offset of a block of the partition that holds the file system's descriptors. */
  metaOffset(block: number): number;
  /** The image byte offset of a block of the physical partition. */
  physicalOffset(block: number): number;
}

/** Sets a descriptor tag (id, version 3, location) and its checksum on the first 16 bytes. */
export function setTag(descriptor: Buffer, id: number, location: number): Buffer {
  descriptor.writeUInt16LE(id, 0);
  descriptor.writeUInt16LE(3, 2);
  descriptor.writeUInt32LE(location, 12);
  let sum = 0;
  for (let i = 0; i < 16; i++) if (i !== 4) sum += descriptor[i]!;
  descriptor[4] = sum & 0xff;
  return descriptor;
}

/** OSTA CS0: 8 bits per character when every character fits, else 16 (big-endian). */
export function cs0(text: string): Buffer {
  if ([...text].every((char) => char.charCodeAt(0) < 256)) {
    return Buffer.concat([Buffer.from([8]), Buffer.from(text, 'latin1')]);
  }
  return Buffer.concat([Buffer.from([16]), Buffer.from(text, 'utf16le').swap16()]);
}

function longAd(length: number, block: number, partition: number, type = 0): Buffer {
  const ad = Buffer.alloc(16);
  ad.writeUInt32LE(((type << 30) | length) >>> 0, 0);
  ad.writeUInt32LE(block, 4);
  ad.writeUInt16LE(partition, 8);
  return ad;
}

function shortAd(length: number, block: number, type = 0): Buffer {
  const ad = Buffer.alloc(8);
  ad.writeUInt32LE(((type << 30) | length) >>> 0, 0);
  ad.writeUInt32LE(block, 4);
  return ad;
}

function extAd(length: number, block: number, partition: number): Buffer {
  const ad = Buffer.alloc(20);
  ad.writeUInt32LE(length, 0);
  ad.writeUInt32LE(length, 4);
  ad.writeUInt32LE(length, 8);
  ad.writeUInt32LE(block, 12);
  ad.writeUInt16LE(partition, 16);
  return ad;
}

/** A File Entry (tag 261) or Extended File Entry (tag 266) with its allocation descriptors (or data). */
function fileEntry(options: {
  extended?: boolean;
  fileType: number;
  adType: number;
  size: number;
  area: Buffer;
  location: number;
}): Buffer {
  const entry = Buffer.alloc(BLOCK);
  entry.writeUInt16LE(4, 20); // strategy 4
  entry.writeUInt16LE(1, 24); // one entry
  entry[27] = options.fileType;
  entry.writeUInt16LE(options.adType, 34);
  entry.writeBigUInt64LE(BigInt(options.size), 56);
  const header = options.extended ? 216 : 176;
  entry.writeUInt32LE(options.area.length, options.extended ? 212 : 172);
  options.area.copy(entry, header);
  return setTag(entry, options.extended ? 266 : 261, options.location);
}

interface FidSpec {
  name: string;
  icb: Buffer;
  directory?: boolean;
  deleted?: boolean;
  parent?: boolean;
}

function fileIdentifiers(entries: FidSpec[]): Buffer {
  return Buffer.concat(
    entries.map((entry) => {
      const name = entry.parent ? Buffer.alloc(0) : cs0(entry.name);
      const fid = Buffer.alloc(4 * Math.ceil((38 + name.length) / 4));
      fid.writeUInt16LE(1, 16);
      fid[18] = (entry.directory ? 0x02 : 0) | (entry.deleted ? 0x04 : 0) | (entry.parent ? 0x08 : 0);
      fid[19] = name.length;
      entry.icb.copy(fid, 20);
      name.copy(fid, 38);
      return setTag(fid, 257, 0);
    }),
  );
}

/**
 * A UDF 2.50 image as pressed-disc mastering tools write it, with a metadata partition (optional: without
 * it, the descriptors sit in the physical partition), a volume descriptor pointer, File Entries and Extended
 * File Entries, short/long/extended/embedded allocation, an allocation extent descriptor, an unrecorded
 * extent, an indirect entry, 8- and 16-bit names, a deleted entry and a directory of more than one block.
 */
export function syntheticUdf(options: { metadata: boolean }): SyntheticUdf {
  const image = Buffer.alloc((PARTITION_START + PARTITION_BLOCKS) * BLOCK);
  const label = 'Synthetic 日本 2.50';
  const META = options.metadata ? 1 : 0;
  const physicalOffset = (block: number): number => (PARTITION_START + block) * BLOCK;
  const metaToPhysical = (block: number): number => {
    if (!options.metadata) return block;
    const extent = [...METADATA_EXTENTS].reverse().find((candidate) => candidate.meta <= block)!;
    return extent.physical + block - extent.meta;
  };
  const metaOffset = (block: number): number => physicalOffset(metaToPhysical(block));
  const putMeta = (block: number, data: Buffer): void => void data.copy(image, metaOffset(block));
  const putPhysical = (block: number, data: Buffer): void => void data.copy(image, physicalOffset(block));
  const sector = (n: number, data: Buffer): void => void data.copy(image, n * BLOCK);

  // Volume recognition sequence.
  for (const [i, id] of ['BEA01', 'NSR03', 'TEA01'].entries()) {
    const descriptor = Buffer.alloc(BLOCK);
    descriptor.write(id, 1, 'latin1');
    descriptor[6] = 1;
    sector(16 + i, descriptor);
  }
  // Main sequence: a pointer at 32 to the real descriptors at 40 (the reserve sequence at 48 is a copy).
  const pointer = Buffer.alloc(BLOCK);
  pointer.writeUInt32LE(1, 16);
  pointer.writeUInt32LE(16 * BLOCK, 20);
  pointer.writeUInt32LE(40, 24);
  sector(32, setTag(pointer, 3, 32));
  const partition = Buffer.alloc(BLOCK);
  partition.writeUInt32LE(2, 16);
  partition.writeUInt16LE(1, 20);
  partition.writeUInt16LE(0, 22);
  partition.write('+NSR03', 25, 'latin1');
  partition.writeUInt32LE(1, 184);
  partition.writeUInt32LE(PARTITION_START, 188);
  partition.writeUInt32LE(PARTITION_BLOCKS, 192);
  const volume = Buffer.alloc(BLOCK);
  volume.writeUInt32LE(3, 16);
  const labelBytes = cs0(label);
  labelBytes.copy(volume, 84);
  volume[84 + 127] = labelBytes.length;
  volume.writeUInt32LE(BLOCK, 212);
  volume.write('*OSTA UDF Compliant', 217, 'latin1');
  longAd(BLOCK, 0, META).copy(volume, 248);
  const maps = [Buffer.from([1, 6, 1, 0, 0, 0])];
  if (options.metadata) {
    const map = Buffer.alloc(64);
    map[0] = 2;
    map[1] = 64;
    map.write('*UDF Metadata Partition', 5, 'latin1');
    map.writeUInt16LE(0x0250, 28);
    map.writeUInt16LE(1, 36);
    map.writeUInt16LE(0, 38);
    map.writeUInt32LE(10, 40); // metadata file
    map.writeUInt32LE(11, 44); // its mirror
    map.writeUInt32LE(0xffffffff, 48);
    map.writeUInt32LE(32, 52);
    map.writeUInt16LE(1, 56);
    maps.push(map);
  }
  const table = Buffer.concat(maps);
  volume.writeUInt32LE(table.length, 264);
  volume.writeUInt32LE(maps.length, 268);
  table.copy(volume, 440);
  const terminator = Buffer.alloc(BLOCK);
  for (const base of [40, 48]) {
    sector(base, setTag(Buffer.from(partition), 5, base));
    sector(base + 1, setTag(Buffer.from(volume), 6, base + 1));
    sector(base + 2, setTag(Buffer.from(terminator), 8, base + 2));
  }
  const anchor = Buffer.alloc(BLOCK);
  anchor.writeUInt32LE(16 * BLOCK, 16);
  anchor.writeUInt32LE(32, 20);
  anchor.writeUInt32LE(16 * BLOCK, 24);
  anchor.writeUInt32LE(48, 28);
  sector(256, setTag(anchor, 2, 256));

  if (options.metadata) {
    // The metadata file (type 250) and its mirror (251): short extents in the physical partition.
    const area = Buffer.concat(METADATA_EXTENTS.map((extent) => shortAd(4 * BLOCK, extent.physical)));
    putPhysical(
      10,
      fileEntry({ extended: true, fileType: 250, adType: 0, size: 12 * BLOCK, area, location: 10 }),
    );
    putPhysical(
      11,
      fileEntry({ extended: true, fileType: 251, adType: 0, size: 12 * BLOCK, area, location: 11 }),
    );
  }

  const files: Record<string, Buffer> = {};
  const content = (size: number, seed: number): Buffer => {
    const bytes = Buffer.alloc(size);
    for (let i = 0; i < size; i++) bytes[i] = (i * 31 + seed * 7 + (i >> 11)) & 0xff;
    return bytes;
  };
  const icb = (block: number): Buffer => longAd(BLOCK, block, META);

  // meta 0: file set descriptor; root directory at meta 1.
  const fileSet = Buffer.alloc(BLOCK);
  icb(1).copy(fileSet, 400);
  putMeta(0, setTag(fileSet, 256, 0));

  // meta 2: "Grüße.txt": a File Entry with two long extents far apart (3000 bytes).
  const greetings = content(3000, 1);
  files['/Grüße.txt'] = greetings;
  putPhysical(100, greetings.subarray(0, BLOCK));
  putPhysical(150, greetings.subarray(BLOCK));
  putMeta(
    2,
    fileEntry({
      fileType: 5,
      adType: 1,
      size: greetings.length,
      area: Buffer.concat([longAd(BLOCK, 100, 0), longAd(greetings.length - BLOCK, 150, 0)]),
      location: 2,
    }),
  );

  // meta 4: "日本語/深い.bin": an Extended File Entry with an extended allocation descriptor (5000 bytes).
  const deep = content(5000, 2);
  files['/日本語/深い.bin'] = deep;
  putPhysical(200, deep);
  putMeta(
    4,
    fileEntry({
      extended: true,
      fileType: 5,
      adType: 2,
      size: deep.length,
      area: extAd(5000, 200, 0),
      location: 4,
    }),
  );

  // meta 5: "embedded.txt": data inside its entry; meta 11 is an indirect entry pointing at it.
  const embedded = Buffer.from('data kept inside the file entry\n');
  files['/embedded.txt'] = embedded;
  files['/indirect.txt'] = embedded;
  putMeta(5, fileEntry({ fileType: 5, adType: 3, size: embedded.length, area: embedded, location: 5 }));
  const indirect = Buffer.alloc(BLOCK);
  icb(5).copy(indirect, 36);
  putMeta(11, setTag(indirect, 259, 11));

  // meta 6: "sparse.bin": recorded, unrecorded (zeros), recorded.
  const head = content(BLOCK, 3);
  const tail = content(100, 4);
  files['/sparse.bin'] = Buffer.concat([head, Buffer.alloc(2 * BLOCK), tail]);
  putPhysical(300, head);
  putPhysical(302, tail);
  putMeta(
    6,
    fileEntry({
      fileType: 5,
      adType: 1,
      size: files['/sparse.bin'].length,
      area: Buffer.concat([longAd(BLOCK, 300, 0), longAd(2 * BLOCK, 0, 0, 1), longAd(100, 302, 0)]),
      location: 6,
    }),
  );

  // meta 7: "continued.bin": its descriptors go on in an allocation extent descriptor at meta 10.
  const continued = content(2 * BLOCK + 500, 5);
  files['/continued.bin'] = continued;
  putPhysical(400, continued.subarray(0, BLOCK));
  putPhysical(402, continued.subarray(BLOCK, 2 * BLOCK));
  putPhysical(404, continued.subarray(2 * BLOCK));
  putMeta(
    7,
    fileEntry({
      fileType: 5,
      adType: 1,
      size: continued.length,
      area: Buffer.concat([longAd(BLOCK, 400, 0), longAd(BLOCK, 10, META, 3)]),
      location: 7,
    }),
  );
  const more = Buffer.concat([longAd(BLOCK, 402, 0), longAd(500, 404, 0)]);
  const aed = Buffer.alloc(BLOCK);
  aed.writeUInt32LE(more.length, 20);
  more.copy(aed, 24);
  putMeta(10, setTag(aed, 258, 10));

  // meta 3 + 8–9: "日本語": a directory of two blocks (70 links to one file), its entries in short extents.
  const links: FidSpec[] = [];
  for (let i = 1; i <= 70; i++) {
    links.push({ name: `link-${String(i).padStart(2, '0')}.bin`, icb: icb(4) });
    files[`/日本語/link-${String(i).padStart(2, '0')}.bin`] = deep;
  }
  const subdirectory = fileIdentifiers([
    { name: '', icb: icb(1), directory: true, parent: true },
    { name: '深い.bin', icb: icb(4) },
    ...links,
  ]);
  if (subdirectory.length <= BLOCK) throw new Error('the test directory should span two blocks');
  putMeta(8, subdirectory);
  putMeta(
    3,
    fileEntry({
      extended: true,
      fileType: 4,
      adType: 0,
      size: subdirectory.length,
      area: Buffer.concat([shortAd(BLOCK, 8), shortAd(subdirectory.length - BLOCK, 9)]),
      location: 3,
    }),
  );

  // meta 1: the root directory, its identifiers embedded in its Extended File Entry.
  const root = fileIdentifiers([
    { name: '', icb: icb(1), directory: true, parent: true },
    { name: 'Grüße.txt', icb: icb(2) },
    { name: '日本語', icb: icb(3), directory: true },
    { name: 'embedded.txt', icb: icb(5) },
    { name: 'deleted.txt', icb: icb(5), deleted: true },
    { name: 'sparse.bin', icb: icb(6) },
    { name: 'continued.bin', icb: icb(7) },
    { name: 'indirect.txt', icb: icb(11) },
  ]);
  putMeta(
    1,
    fileEntry({ extended: true, fileType: 4, adType: 3, size: root.length, area: root, location: 1 }),
  );

  return { image, files, label, metaOffset, physicalOffset };
}
