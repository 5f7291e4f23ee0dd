/**
 * Finding a UDF volume in an image: the anchor volume descriptor pointer (sector 256, or near the end, at
 * whichever block size the disc was mastered with), then the volume descriptor sequence it points to (the
 * main one, else its reserve copy), then the logical volume described there and the physical partitions
 * behind its partition maps. udf.ts reads the files.
 */
import { type ImageFile } from './image-file.js';
import { type LogicalVolume } from './udf-descriptors.js';
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
export declare function findVolume(file: ImageFile): Promise<UdfVolume>;
