/** The chunked upload's arithmetic (registry/chunks.ts) and the size syntax it takes (log.ts parseBytes). */
import { describe, expect, it } from '@jest/globals';
import {
  checkChunkSize,
  type ByteRange,
  contentRange,
  heldBytes,
  MIN_CHUNK_BYTES,
  nextChunk,
  parseChunkSize,
} from '../../src/registry/chunks.js';
import { parseBytes } from '../../src/log.js';

const MiB = 1024 * 1024;

/** The PATCHes nextChunk gives one after another when the registry keeps each one whole (as blob-upload walks). */
function chunkPlan(size: number, chunkSize?: number, offset = 0): ByteRange[] {
  const plan: ByteRange[] = [];
  for (let from = offset; from < size;) {
    const chunk = nextChunk(from, size, chunkSize);
    plan.push(chunk);
    from = chunk.to;
  }
  return plan;
}

describe('nextChunk', () => {
  it('is one range, the whole blob, without a chunk size (the streamed PATCH)', () => {
    expect(chunkPlan(5 * MiB + 3)).toEqual([{ from: 0, to: 5 * MiB + 3 }]);
    expect(nextChunk(7, 100)).toEqual({ from: 7, to: 100 });
  });

  it('cuts the blob into ranges of at most the chunk size, each starting where the last ended', () => {
    expect(chunkPlan(2 * MiB + 5, MiB)).toEqual([
      { from: 0, to: MiB },
      { from: MiB, to: 2 * MiB },
      { from: 2 * MiB, to: 2 * MiB + 5 },
    ]);
    expect(chunkPlan(3 * MiB, MiB)).toHaveLength(3);
    expect(chunkPlan(10, MiB)).toEqual([{ from: 0, to: 10 }]);
    expect(chunkPlan(0, MiB)).toEqual([]);
  });

  it('goes on from an offset the registry gave (a resumed upload), not from a chunk boundary', () => {
    expect(chunkPlan(3 * MiB, MiB, MiB + MiB / 2)).toEqual([
      { from: MiB + MiB / 2, to: 2 * MiB + MiB / 2 },
      { from: 2 * MiB + MiB / 2, to: 3 * MiB },
    ]);
  });
});

describe('Content-Range and Range', () => {
  it("writes a chunk's first and last byte, inclusive, without a unit", () => {
    expect(contentRange({ from: 0, to: MiB })).toBe('0-1048575');
    expect(contentRange({ from: MiB, to: MiB + 1 })).toBe('1048576-1048576');
  });

  it("reads the registry's Range 0-N as N+1 bytes held, with or without bytes=", () => {
    expect(heldBytes('0-1048575')).toBe(MiB);
    expect(heldBytes('bytes=0-9')).toBe(10);
    expect(heldBytes(undefined)).toBeUndefined();
    expect(heldBytes('5-9')).toBeUndefined();
    expect(heldBytes('junk')).toBeUndefined();
  });
});

describe('chunk sizes', () => {
  it.each([
    ['4MiB', 4 * MiB],
    ['64M', 64 * MiB],
    ['50 MiB', 50 * MiB],
    ['1g', 1024 * MiB],
    ['262144', MIN_CHUNK_BYTES],
    ['256KiB', MIN_CHUNK_BYTES],
  ])('takes %j as %d bytes', (text, bytes) => {
    expect(parseChunkSize(text, '--chunk-size')).toBe(bytes);
  });

  it.each([
    ['0', /--chunk-size: "0" is below the smallest chunk, 256 KiB/],
    ['255K', /"255K" is below the smallest chunk/],
    ['abc', /--chunk-size: "abc" is not a size/],
    ['-1M', /"-1M" is not a size/],
    ['', /"" is not a size/],
  ])('refuses %j as a usage error naming the fix', (text, message) => {
    expect(() => parseChunkSize(text, '--chunk-size')).toThrow(message);
    let error: unknown;
    try {
      parseChunkSize(text, '--chunk-size');
    } catch (caught) {
      error = caught;
    }
    expect(error).toMatchObject({ exitCode: 2, hint: expect.stringMatching(/e\.g\. 50MiB/) });
  });

  it("refuses a library caller's fraction, NaN or too-small number", () => {
    expect(checkChunkSize(MiB, 'chunkSizeBytes')).toBe(MiB);
    for (const bad of [MiB + 0.5, Number.NaN, 1024, -MiB])
      expect(() => checkChunkSize(bad, 'chunkSizeBytes')).toThrow(
        /chunkSizeBytes: .* below the smallest chunk/,
      );
  });

  it('parseBytes is the inverse of formatBytes, in binary units', () => {
    expect(parseBytes('1.5 MiB')).toBe(1.5 * MiB);
    expect(parseBytes('20G')).toBe(20 * 1024 * MiB);
    expect(parseBytes('7')).toBe(7);
    expect(parseBytes('7 bytes')).toBeUndefined();
  });
});
