/**
 * UDF (ECMA-167 with the OSTA UDF profile, revisions 1.02–2.60), read-only, for the way discs are mastered:
 * anchor at sector 256 (or at the end), volume descriptor sequence, partition maps (physical, and the metadata
 * partition of UDF 2.50+), file set descriptor, then file entries and file identifier descriptors.
 * Microsoft's Windows ISOs keep their files only here; their ISO 9660 side holds a README.
 * udf-volume.ts finds the volume; this file reads the partitions, file entries, directories and data.
 */
import type { FsBackend, FsNode } from './fs-backend.js';
import { malformed, type ImageFile } from './image-file.js';
import {
  AdType,
  parseAllocationDescriptors,
  parseFileEntry,
  parseFileIdentifiers,
  parseLongAd,
  Tag,
  tagId,
  type LbAddress,
  type PartitionMap,
  type UdfExtent,
} from './udf-descriptors.js';
import { findVolume } from './udf-volume.js';

/** Bounds on what a damaged image can make us do. */
const LIMITS = {
  indirectHops: 16,
  allocationExtentHops: 4096,
  extents: 1 << 20,
  directoryBytes: 64 * 1024 * 1024,
  /** Neighbouring file entries read in one go when listing a directory. */
  entryRunBlocks: 256,
};
const FILE_TYPE_DIRECTORY = 4;

export interface UdfNode extends FsNode {
  readonly icb: LbAddress;
}

interface UdfFile {
  size: number;
  isDirectory: boolean;
  /** Data recorded inside the file entry. */
  embedded?: Buffer;
  extents: UdfExtent[];
}

type PartitionAccess =
  { kind: 'physical'; start: number; length: number } | { kind: 'metadata'; file: UdfFile };

export class UdfBackend implements FsBackend<UdfNode> {
  readonly kind = 'udf' as const;
  readonly volumeLabel: string;
  /** Set by open() once the file set descriptor has been read. */
  root: UdfNode = { name: '', isDirectory: true, icb: { partition: 0, block: 0 } };
  private readonly entries = new Map<string, Promise<UdfFile>>();
  private readonly metadataRefs = new Set<number>();

  private constructor(
    private readonly file: ImageFile,
    private readonly blockSize: number,
    private readonly partitions: PartitionAccess[],
    volumeLabel: string,
  ) {
    this.volumeLabel = volumeLabel;
  }

  static async open(file: ImageFile): Promise<UdfBackend> {
    const { blockSize, volume, physical } = await findVolume(file);
    const partitions = physical.map((extent): PartitionAccess => ({ kind: 'physical', ...extent }));
    const backend = new UdfBackend(file, blockSize, partitions, volume.volumeId);
    for (const [ref, map] of volume.maps.entries()) {
      if (map.kind === 'metadata') {
        // The metadata file lives in the physical partition: give that its own (unmapped) reference.
        partitions.push({ kind: 'physical', ...physical[ref]! });
        await backend.openMetadataPartition(ref, partitions.length - 1, map);
      }
    }
    const fileSet = await backend.readBlock(volume.fileSet, 'the UDF file set descriptor');
    if (tagId(fileSet) !== Tag.FileSet) throw malformed(file.path, 'the UDF file set descriptor is damaged');
    backend.root = { name: '', isDirectory: true, icb: parseLongAd(fileSet, 400) };
    return backend;
  }

  async children(directory: UdfNode): Promise<UdfNode[]> {
    const what = `"${directory.name || '/'}"`;
    const entry = await this.entry(directory.icb, what);
    if (!entry.isDirectory) throw malformed(this.file.path, `UDF directory ${what} is not a directory`);
    if (entry.size > LIMITS.directoryBytes) {
      throw malformed(this.file.path, `UDF directory ${what} claims ${entry.size} bytes`);
    }
    const data = await this.readData(entry, 0, entry.size, what);
    return parseFileIdentifiers(data, this.file.path, what).map((fid) => ({
      name: fid.name,
      isDirectory: fid.isDirectory,
      icb: { partition: fid.icb.partition, block: fid.icb.block },
    }));
  }

  async sizes(nodes: readonly UdfNode[]): Promise<number[]> {
    await this.prefetchEntries(nodes);
    const entries = await Promise.all(nodes.map((node) => this.entry(node.icb, `"${node.name}"`)));
    return entries.map((entry) => entry.size);
  }

  async read(node: UdfNode, offset: number, length: number): Promise<Buffer> {
    const entry = await this.entry(node.icb, `"${node.name}"`);
    return this.readData(entry, offset, length, `"${node.name}"`);
  }

  // -- file entries ---------------------------------------------------------------------------------------------

  private entry(icb: LbAddress, what: string, block?: Buffer): Promise<UdfFile> {
    const key = `${icb.partition}:${icb.block}`;
    let entry = this.entries.get(key);
    if (!entry) {
      entry = this.loadEntry(icb, what, block);
      this.entries.set(key, entry);
    }
    return entry;
  }

  private async loadEntry(icb: LbAddress, what: string, first?: Buffer): Promise<UdfFile> {
    let block = first ?? (await this.readBlock(icb, `the UDF file entry of ${what}`));
    let at = icb;
    for (let hops = 0; tagId(block) === Tag.Indirect; hops++) {
      // An indirect entry (strategy 4096) points at the entry that replaced it.
      if (hops >= LIMITS.indirectHops) throw malformed(this.file.path, `the UDF entry of ${what} loops`);
      at = parseLongAd(block, 36);
      block = await this.readBlock(at, `the UDF file entry of ${what}`);
    }
    const tag = tagId(block);
    if (tag !== Tag.FileEntry && tag !== Tag.ExtendedFileEntry) {
      throw malformed(
        this.file.path,
        `the UDF file entry of ${what} (block ${at.block} of partition ${at.partition}) is damaged (tag ${tag ?? 'invalid'})`,
      );
    }
    const entry = parseFileEntry(block, this.file.path, what);
    const file: UdfFile = {
      size: entry.size,
      isDirectory: entry.fileType === FILE_TYPE_DIRECTORY,
      extents: [],
    };
    if (entry.adType === AdType.Embedded) {
      if (entry.size > entry.area.length) {
        throw malformed(this.file.path, `the embedded data of ${what} is shorter than its size`);
      }
      file.embedded = Buffer.from(entry.area.subarray(0, entry.size));
      return file;
    }
    if (entry.adType > AdType.Extended) {
      throw malformed(
        this.file.path,
        `the UDF file entry of ${what} has unknown allocation type ${entry.adType}`,
      );
    }
    let list = parseAllocationDescriptors(entry.area, entry.adType, at.partition);
    file.extents.push(...list.extents);
    for (let hops = 0; list.next; hops++) {
      // The descriptors continue in an allocation extent descriptor (tag 258) elsewhere.
      if (hops >= LIMITS.allocationExtentHops || file.extents.length > LIMITS.extents) {
        throw malformed(this.file.path, `the allocation descriptors of ${what} do not end`);
      }
      const next: UdfExtent = list.next;
      const aed = await this.readBlock(next, `the allocation descriptors of ${what}`);
      if (tagId(aed) !== Tag.AllocationExtent) {
        throw malformed(this.file.path, `the allocation extent descriptor of ${what} is damaged`);
      }
      const length = Math.min(aed.readUInt32LE(20), Math.min(next.length, this.blockSize) - 24);
      list = parseAllocationDescriptors(
        aed.subarray(24, 24 + Math.max(0, length)),
        entry.adType,
        next.partition,
      );
      file.extents.push(...list.extents);
    }
    return file;
  }

  /** Reads the entries of neighbouring nodes in few large reads instead of one read each (for listings). */
  private async prefetchEntries(nodes: readonly UdfNode[]): Promise<void> {
    const pending = nodes
      .filter((node) => !this.entries.has(`${node.icb.partition}:${node.icb.block}`))
      .sort((a, b) => a.icb.partition - b.icb.partition || a.icb.block - b.icb.block);
    let i = 0;
    while (i < pending.length) {
      const first = pending[i]!;
      let j = i + 1;
      while (
        j < pending.length &&
        pending[j]!.icb.partition === first.icb.partition &&
        pending[j]!.icb.block - first.icb.block < LIMITS.entryRunBlocks
      ) {
        j++;
      }
      const run = pending.slice(i, j);
      const count = run[run.length - 1]!.icb.block - first.icb.block + 1;
      let blocks: Buffer | undefined;
      try {
        blocks = await this.readPartition(
          first.icb.partition,
          first.icb.block * this.blockSize,
          count * this.blockSize,
        );
      } catch {
        // Leave damage to be reported precisely by the per-entry read.
      }
      for (const node of run) {
        const at = (node.icb.block - first.icb.block) * this.blockSize;
        this.entry(node.icb, `"${node.name}"`, blocks?.subarray(at, at + this.blockSize)).catch(
          () => undefined,
        );
      }
      i = j;
    }
  }

  // -- data -----------------------------------------------------------------------------------------------------

  private async readData(file: UdfFile, offset: number, length: number, what: string): Promise<Buffer> {
    const wanted = Math.max(0, Math.min(length, file.size - offset));
    if (wanted === 0) return Buffer.alloc(0);
    if (file.embedded) return Buffer.from(file.embedded.subarray(offset, offset + wanted));
    const out = Buffer.alloc(wanted);
    let start = 0;
    for (const extent of file.extents) {
      if (start >= offset + wanted) break;
      const from = Math.max(offset, start);
      const to = Math.min(offset + wanted, start + extent.length);
      // Types 1 and 2 are allocated-but-unrecorded and sparse extents: zeros, as Buffer.alloc left them.
      if (from < to && extent.type === 0) {
        const bytes = await this.readPartition(
          extent.partition,
          extent.block * this.blockSize + (from - start),
          to - from,
        );
        bytes.copy(out, from - offset);
      }
      start += extent.length;
    }
    if (start < offset + wanted) {
      throw malformed(
        this.file.path,
        `the UDF extents of ${what} end at byte ${start}, before its size ${file.size}`,
      );
    }
    return out;
  }

  private readBlock(address: LbAddress, what: string): Promise<Buffer> {
    return this.readPartition(address.partition, address.block * this.blockSize, this.blockSize, what);
  }

  private async readPartition(
    ref: number,
    offset: number,
    length: number,
    what = 'UDF data',
  ): Promise<Buffer> {
    const partition = this.partitions[ref];
    if (!partition)
      throw malformed(this.file.path, `${what} refers to UDF partition ${ref}, which does not exist`);
    if (partition.kind === 'metadata') {
      const bytes = await this.readData(partition.file, offset, length, 'the UDF metadata file');
      if (bytes.length < length)
        throw malformed(this.file.path, `${what} lies past the end of the metadata partition`);
      return bytes;
    }
    if (offset + length > partition.length * this.blockSize) {
      throw malformed(this.file.path, `${what} lies past the end of its UDF partition`);
    }
    return this.file.read(partition.start * this.blockSize + offset, length, what);
  }

  /** UDF 2.50+: the metadata partition is the content of a metadata file (or its mirror) in the physical one. */
  private async openMetadataPartition(ref: number, physical: number, map: PartitionMap): Promise<void> {
    if (map.kind !== 'metadata') return;
    let lastError: unknown;
    for (const block of [map.metadataFile, map.mirrorFile]) {
      try {
        const file = await this.loadEntry({ partition: physical, block }, 'the UDF metadata file');
        // Its extents must lie in a physical partition, or reading it would mean reading itself.
        if (
          file.extents.some((extent) => extent.partition === ref || this.metadataRefs.has(extent.partition))
        ) {
          throw malformed(this.file.path, 'the UDF metadata file refers to the metadata partition itself');
        }
        this.partitions[ref] = { kind: 'metadata', file };
        this.metadataRefs.add(ref);
        return;
      } catch (error) {
        lastError = error;
      }
    }
    throw lastError;
  }
}
