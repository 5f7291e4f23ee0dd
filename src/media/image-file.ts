/**
 * A disc image opened for positional reads: every read names its offset, nothing is read that is not asked
 * for, and a read that runs past the end of the file is an error naming the image (a truncated download is
 * the usual cause).
 */
import { open, type FileHandle } from 'node:fs/promises';
import { BuildError } from '../errors.js';

/** Largest single read handed to the kernel; longer reads are split (FileHandle.read takes at most 2 GiB). */
const MAX_READ_CHUNK = 64 * 1024 * 1024;

export class ImageFile {
  private constructor(
    /** The path the image was opened by, for messages. */
    readonly path: string,
    private readonly handle: FileHandle,
    /** Size in bytes; undefined for block devices, whose stat size is 0. */
    readonly size: number | undefined,
  ) {}

  static async open(path: string): Promise<ImageFile> {
    let handle: FileHandle;
    try {
      handle = await open(path, 'r');
    } catch (error) {
      throw openError(path, error);
    }
    try {
      const stats = await handle.stat();
      if (stats.isDirectory()) {
        throw new BuildError('input-invalid', `${path} is a directory, not a disc image`, {
          hint: 'Give the path of the .iso file.',
        });
      }
      return new ImageFile(path, handle, stats.isFile() ? stats.size : undefined);
    } catch (error) {
      await handle.close();
      throw error instanceof BuildError ? error : openError(path, error);
    }
  }

  /**
   * Exactly `length` bytes at `position`; throws input-invalid naming `what` when the image ends first.
   */
  async read(position: number, length: number, what: string): Promise<Buffer> {
    const buffer = Buffer.alloc(length);
    const got = await this.readInto(buffer, 0, length, position);
    if (got < length) {
      throw new BuildError(
        'input-invalid',
        `${this.path} is truncated: ${what} lies at bytes ${position}–${position + length} but the image ends at ${position + got}`,
        { hint: 'The image is incomplete or damaged; download it again and compare its checksum.' },
      );
    }
    return buffer;
  }

  /** Reads up to `length` bytes into `target` at `targetOffset`; returns how many (fewer only at the end). */
  async readInto(target: Buffer, targetOffset: number, length: number, position: number): Promise<number> {
    let done = 0;
    while (done < length) {
      const chunk = Math.min(length - done, MAX_READ_CHUNK);
      let bytesRead: number;
      try {
        ({ bytesRead } = await this.handle.read(target, targetOffset + done, chunk, position + done));
      } catch (error) {
        throw new BuildError(
          'input-unreadable',
          `${this.path} cannot be read at byte ${position + done}: ${(error as Error).message}`,
          { hint: 'Check the disk and the file; a damaged medium gives I/O errors.', cause: error },
        );
      }
      if (bytesRead === 0) break;
      done += bytesRead;
    }
    return done;
  }

  close(): Promise<void> {
    return this.handle.close();
  }
}

/** The error for a disc image whose structures are damaged or unsupported: names the image and what is wrong. */
export function malformed(image: string, problem: string, hint = MALFORMED_HINT): BuildError {
  return new BuildError('input-invalid', `${image}: ${problem}`, { hint });
}

const MALFORMED_HINT =
  'The image is damaged or is not an installation disc image; download it again and compare its checksum.';

function openError(path: string, error: unknown): BuildError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') {
    return new BuildError('input-missing', `${path} does not exist`, {
      hint: 'Check the path of the disc image.',
      cause: error,
    });
  }
  return new BuildError('input-unreadable', `${path} cannot be read: ${(error as Error).message}`, {
    hint: 'Check the file permissions (the build needs to read it).',
    cause: error,
  });
}
