/**
 * Finding a UDF volume in an image: the anchor volume descriptor pointer (sector 256, or near the end, at
 * whichever block size the disc was mastered with), then the volume descriptor sequence it points to (the
 * main one, else its reserve copy), then the logical volume described there and the physical partitions
 * behind its partition maps. udf.ts reads the files.
 */
import { malformed, type ImageFile } from './image-file.js';
import {
  parseLogicalVolume,
  parseVolumeSequence,
  Tag,
  tagId,
  tagLocation,
  type ExtentAd,
  type LogicalVolume,
  type VolumeSequence,
} from './udf-descriptors.js';

const ANCHOR_SECTOR = 256;
const BLOCK_SIZES = [2048, 512, 1024, 4096];
/** Bounds on what a damaged image can make us do. */
const LIMITS = { descriptorBlocks: 256, sequenceHops: 16 };

/** Where a partition lies in the image, in blocks. */
export interface PhysicalPartition {
  start: number;
  length: number;
}

export interface UdfVolume {
  blockSize: number;
  volume: LogicalVolume;
  /** The physical partition behind each partition map, in map order (file entries refer to maps by index). */
  physical: PhysicalPartition[];
}

export async function findVolume(file: ImageFile): Promise<UdfVolume> {
  const { blockSize, anchor } = await findAnchor(file);
  const main = { length: anchor.readUInt32LE(16), location: anchor.readUInt32LE(20) };
  const reserve = { length: anchor.readUInt32LE(24), location: anchor.readUInt32LE(28) };
  // The reserve sequence is a copy of the main one, there for when the main one is damaged.
  const sequence =
    (await readVolumeSequence(file, main, blockSize)) ?? (await readVolumeSequence(file, reserve, blockSize));
  if (!sequence?.logicalVolume) {
    throw malformed(file.path, 'the UDF volume descriptor sequence has no valid logical volume descriptor');
  }
  const volume = parseLogicalVolume(sequence.logicalVolume, file.path);
  if (volume.blockSize !== blockSize) {
    throw malformed(
      file.path,
      `UDF logical block size ${volume.blockSize} differs from the sector size ${blockSize}`,
    );
  }
  const physical = volume.maps.map((map) => {
    if (map.kind === 'other') {
      throw malformed(
        file.path,
        `its UDF volume uses a "${map.identifier}" partition, which is not supported (only pressed or mastered discs are)`,
        'Use the ISO image as downloaded from Microsoft, or remaster it with a tool that writes plain UDF.',
      );
    }
    const descriptor = sequence.partitions.get(map.partitionNumber);
    if (!descriptor) {
      throw malformed(file.path, `UDF partition ${map.partitionNumber} has no partition descriptor`);
    }
    return { start: descriptor.start, length: descriptor.length };
  });
  return { blockSize, volume, physical };
}

async function findAnchor(file: ImageFile): Promise<{ blockSize: number; anchor: Buffer }> {
  const candidates: [number, number][] = BLOCK_SIZES.map((size) => [size, ANCHOR_SECTOR]);
  if (file.size !== undefined) {
    // A disc that lost sector 256 still has anchors in its last sector and 256 sectors before that.
    for (const size of BLOCK_SIZES) {
      const last = Math.floor(file.size / size) - 1;
      candidates.push([size, last], [size, last - ANCHOR_SECTOR]);
    }
  }
  for (const [blockSize, sector] of candidates) {
    if (sector < ANCHOR_SECTOR) continue;
    if (file.size !== undefined && (sector + 1) * blockSize > file.size) continue;
    const anchor = await file.read(sector * blockSize, blockSize, 'the UDF anchor volume descriptor pointer');
    // The recorded location tells a real anchor from a block that merely looks like one at another block size.
    if (tagId(anchor) === Tag.AnchorPointer && tagLocation(anchor) === sector) return { blockSize, anchor };
  }
  throw malformed(
    file.path,
    'it has a UDF recognition sequence but no UDF anchor volume descriptor pointer (sector 256 and the last sector are not anchors)',
  );
}

async function readVolumeSequence(
  file: ImageFile,
  extent: ExtentAd,
  blockSize: number,
): Promise<VolumeSequence | undefined> {
  let sequence: VolumeSequence | undefined = { partitions: new Map() };
  let next: ExtentAd | undefined = extent;
  for (let hops = 0; next && hops < LIMITS.sequenceHops; hops++) {
    const blocks = Math.min(Math.ceil(next.length / blockSize), LIMITS.descriptorBlocks);
    if (blocks === 0) break;
    let data: Buffer;
    try {
      data = await file.read(
        next.location * blockSize,
        blocks * blockSize,
        'the UDF volume descriptor sequence',
      );
    } catch {
      return undefined;
    }
    sequence = parseVolumeSequence(data, blockSize, sequence);
    if (!sequence) return undefined;
    next = sequence.next;
  }
  return sequence.logicalVolume && sequence.partitions.size > 0 ? sequence : undefined;
}
