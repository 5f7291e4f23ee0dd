/**
 * Files inside a disc image, read in place: no mounting (needs root and a udf kernel module) and no
 * extracting (a Windows ISO is 5–7 GB). Only the descriptors and directories on the way to a file are read.
 *
 * UDF is preferred when the image has it: Microsoft's ISOs keep their files only there. Otherwise the Joliet
 * tree, otherwise the primary ISO 9660 tree. Paths use "/" or "\" and are matched case-insensitively, as
 * Windows does: "sources/install.wim" finds "SOURCES/INSTALL.WIM".
 */
import type { DiscKind, FsBackend, FsNode } from './fs-backend.js';
import { ImageFile, malformed } from './image-file.js';
import { Iso9660Backend } from './iso9660.js';
import {
  DESCRIPTORS_OFFSET,
  DESCRIPTOR_SCAN_SECTORS,
  SECTOR,
  scanVolumeDescriptors,
  type VolumeDescriptors,
} from './iso9660-records.js';
import { UdfBackend } from './udf.js';

export type { DiscKind } from './fs-backend.js';

export interface DiscEntry {
  name: string;
  /** The full path as recorded on the disc, "/"-separated from the root, e.g. "/sources/install.wim". */
  path: string;
  isDirectory: boolean;
  /** Bytes; exact up to 2^53, so files of 4 GiB and more are fine. */
  size: number;
}

export interface Disc {
  /** The image file. */
  readonly imagePath: string;
  readonly kind: DiscKind;
  /** The UDF logical volume identifier, else the Joliet or ISO 9660 volume identifier. */
  readonly volumeLabel: string;
  /** The entries of a directory ("" or "/" is the root). Throws when there is no such directory. */
  list(directory: string): Promise<DiscEntry[]>;
  /** The entry at a path, or undefined when there is none. */
  stat(path: string): Promise<DiscEntry | undefined>;
  /** Up to `length` bytes of a file from `offset` (fewer only at its end). Throws when there is no such file. */
  read(path: string, offset: number, length: number): Promise<Buffer>;
  close(): Promise<void>;
}

/** Path segments resolved below the root, at most: deeper is damage (or a loop) on any real disc. */
const MAX_DEPTH = 64;

/** The volume descriptors from sector 16 on; a file shorter than that area is scanned for what it has. */
async function readVolumeDescriptors(file: ImageFile): Promise<VolumeDescriptors> {
  const area = Buffer.alloc(DESCRIPTOR_SCAN_SECTORS * SECTOR);
  const got = await file.readInto(area, 0, area.length, DESCRIPTORS_OFFSET);
  return scanVolumeDescriptors(area.subarray(0, got));
}

/** Whether a file is an ISO 9660 or UDF disc image, by its volume descriptors alone (two reads). */
export async function isDiscImage(imagePath: string): Promise<boolean> {
  const file = await ImageFile.open(imagePath);
  try {
    const descriptors = await readVolumeDescriptors(file);
    return descriptors.udf || descriptors.primary !== undefined || descriptors.joliet !== undefined;
  } finally {
    await file.close();
  }
}

export async function openDisc(imagePath: string): Promise<Disc> {
  const file = await ImageFile.open(imagePath);
  try {
    const descriptors = await readVolumeDescriptors(file);
    let backend: FsBackend;
    if (descriptors.udf) {
      backend = await UdfBackend.open(file);
    } else if (descriptors.primary || descriptors.joliet) {
      backend = await Iso9660Backend.open(file, descriptors);
    } else {
      throw malformed(
        imagePath,
        'it is not an ISO 9660 or UDF disc image (no volume descriptors at sector 16)',
        'Give an .iso file; check that the download is complete.',
      );
    }
    return new DiscImage(file, backend);
  } catch (error) {
    await file.close();
    throw error;
  }
}

interface Resolved<N extends FsNode> {
  node: N;
  path: string;
}

class DiscImage<N extends FsNode> implements Disc {
  private readonly listings = new Map<N, Promise<N[]>>();

  constructor(
    private readonly file: ImageFile,
    private readonly backend: FsBackend<N>,
  ) {}

  get imagePath(): string {
    return this.file.path;
  }

  get kind(): DiscKind {
    return this.backend.kind;
  }

  get volumeLabel(): string {
    return this.backend.volumeLabel;
  }

  async list(directory: string): Promise<DiscEntry[]> {
    const found = await this.resolve(directory);
    if (!found?.node.isDirectory) throw this.notFound(directory, 'directory');
    const children = await this.children(found.node);
    const sizes = await this.backend.sizes(children);
    return children.map((child, i) => this.entry(child, joinPath(found.path, child.name), sizes[i] ?? 0));
  }

  async stat(path: string): Promise<DiscEntry | undefined> {
    const found = await this.resolve(path);
    if (!found) return undefined;
    const [size] = await this.backend.sizes([found.node]);
    return this.entry(found.node, found.path, size ?? 0);
  }

  async read(path: string, offset: number, length: number): Promise<Buffer> {
    if (!Number.isSafeInteger(offset) || offset < 0 || !Number.isSafeInteger(length) || length < 0) {
      throw new RangeError(`read(${path}): offset and length must be non-negative integers`);
    }
    const found = await this.resolve(path);
    if (!found || found.node.isDirectory) throw this.notFound(path, 'file');
    return this.backend.read(found.node, offset, length);
  }

  close(): Promise<void> {
    return this.file.close();
  }

  private entry(node: N, path: string, size: number): DiscEntry {
    return { name: node.name, path, isDirectory: node.isDirectory, size };
  }

  private children(directory: N): Promise<N[]> {
    let listing = this.listings.get(directory);
    if (!listing) {
      listing = this.backend.children(directory);
      this.listings.set(directory, listing);
    }
    return listing;
  }

  private async resolve(path: string): Promise<Resolved<N> | undefined> {
    const segments = splitPath(path);
    if (segments.length > MAX_DEPTH) return undefined;
    let current: Resolved<N> = { node: this.backend.root, path: '/' };
    for (const segment of segments) {
      if (!current.node.isDirectory) return undefined;
      const child = matchName(await this.children(current.node), segment);
      if (!child) return undefined;
      current = { node: child, path: joinPath(current.path, child.name) };
    }
    return current;
  }

  private notFound(path: string, what: 'file' | 'directory'): Error {
    return malformed(
      this.file.path,
      `there is no ${what} "${path}" on the disc (${this.kind})`,
      'Check that this is the right disc image.',
    );
  }
}

/** Pure: the segments of a path inside a disc; "/", "\" and repeated separators all split; "." is dropped. */
export function splitPath(path: string): string[] {
  const segments: string[] = [];
  for (const segment of path.split(/[\\/]+/)) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  return segments;
}

function joinPath(parent: string, name: string): string {
  return parent.endsWith('/') ? parent + name : `${parent}/${name}`;
}

/**
 * Pure: Windows' case folding of a name: each character upper-cased on its own (so "ß" stays one character,
 * unlike String.toUpperCase).
 */
export function foldCase(name: string): string {
  let folded = '';
  for (const char of name) {
    const upper = char.toUpperCase();
    folded += [...upper].length === 1 ? upper : char;
  }
  return folded;
}

/** Pure: the entry of that name: the exact spelling first, else the first one equal but for case. */
export function matchName<T extends { name: string }>(entries: readonly T[], name: string): T | undefined {
  const exact = entries.find((entry) => entry.name === name);
  if (exact) return exact;
  const folded = foldCase(name);
  return entries.find((entry) => foldCase(entry.name) === folded);
}
