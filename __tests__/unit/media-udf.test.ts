/**
 * UDF parsing: the pure descriptor parsers, then whole synthetic UDF 2.50 images (written to a temp file)
 * through openDisc, for the structures no tool on the test machine writes. Real images made by genisoimage
 * and mkudffs are read in __tests__/integration/media.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDisc } from '../../src/media/disc-fs.js';
import {
  AdType,
  decodeCs0,
  decodeDstring,
  parseAllocationDescriptors,
  parseFileEntry,
  parseFileIdentifiers,
  parseLogicalVolume,
  parseVolumeSequence,
  tagChecksum,
  tagId,
} from '../../src/media/udf-descriptors.js';
import { cs0, setTag, syntheticUdf, type SyntheticUdf } from '../support/media.js';
import { failureOf, thrownBy } from '../support/build.js';

/** Buffers as hex: jest compares long Buffers element by element, slowly. */
const hex = (bytes: Buffer): string => bytes.toString('hex');

describe('descriptor tags', () => {
  it('accepts a tag whose checksum matches and rejects one that does not', () => {
    const block = setTag(Buffer.alloc(2048), 261, 1234);
    expect(tagId(block)).toBe(261);
    expect(tagChecksum(block)).toBe(block[4]);
    block[12] = block[12]! ^ 1;
    expect(tagId(block)).toBeUndefined();
  });

  it('treats an all-zero tag as no tag', () => {
    expect(tagId(Buffer.alloc(16))).toBeUndefined();
    expect(tagId(Buffer.alloc(8))).toBeUndefined();
  });
});

describe('OSTA CS0 strings', () => {
  it('decodes 8-bit and 16-bit compressed unicode', () => {
    expect(decodeCs0(cs0('Grüße.txt'))).toBe('Grüße.txt');
    expect(decodeCs0(cs0('日本語 🎉'))).toBe('日本語 🎉');
    expect(decodeCs0(Buffer.from([254, 0x41, 0x42]))).toBe('AB');
    expect(decodeCs0(Buffer.from([255, 0, 0x41]))).toBe('A');
    expect(decodeCs0(Buffer.alloc(0))).toBe('');
    expect(decodeCs0(Buffer.from([7, 0x41]))).toBeUndefined();
  });

  it('decodes a dstring field by its length byte', () => {
    const field = Buffer.alloc(32);
    const text = cs0('CCCOMA_X64FRE_EN-US_DV9');
    text.copy(field);
    field[31] = text.length;
    expect(decodeDstring(field)).toBe('CCCOMA_X64FRE_EN-US_DV9');
    field[31] = 0;
    expect(decodeDstring(field)).toBe('');
    field[31] = 200;
    expect(decodeDstring(field)).toBe('');
  });
});

describe('allocation descriptors', () => {
  const short = (length: number, block: number, type = 0): Buffer => {
    const ad = Buffer.alloc(8);
    ad.writeUInt32LE(((type << 30) | length) >>> 0, 0);
    ad.writeUInt32LE(block, 4);
    return ad;
  };

  it('reads short ones in the partition of their entry, up to a zero length', () => {
    const area = Buffer.concat([short(0x3fffffff, 10), short(100, 20, 1), short(0, 0), short(5, 5)]);
    expect(parseAllocationDescriptors(area, AdType.Short, 3)).toEqual({
      extents: [
        { type: 0, length: 0x3fffffff, block: 10, partition: 3 },
        { type: 1, length: 100, block: 20, partition: 3 },
      ],
    });
  });

  it('stops at a continuation (type 3) and returns where the list goes on', () => {
    const area = Buffer.concat([short(2048, 10), short(2048, 99, 3), short(5, 5)]);
    expect(parseAllocationDescriptors(area, AdType.Short, 0)).toEqual({
      extents: [{ type: 0, length: 2048, block: 10, partition: 0 }],
      next: { type: 3, length: 2048, block: 99, partition: 0 },
    });
  });

  it('reads long and extended ones with their own partition', () => {
    const long = Buffer.alloc(16);
    long.writeUInt32LE(4096, 0);
    long.writeUInt32LE(77, 4);
    long.writeUInt16LE(1, 8);
    expect(parseAllocationDescriptors(long, AdType.Long, 0).extents).toEqual([
      { type: 0, length: 4096, block: 77, partition: 1 },
    ]);
    const ext = Buffer.alloc(20);
    ext.writeUInt32LE(((2 << 30) | 8192) >>> 0, 0);
    ext.writeUInt32LE(88, 12);
    ext.writeUInt16LE(2, 16);
    expect(parseAllocationDescriptors(ext, AdType.Extended, 0).extents).toEqual([
      { type: 2, length: 8192, block: 88, partition: 2 },
    ]);
  });
});

describe('logical volume and volume descriptor sequence', () => {
  function lvd(maps: Buffer[]): Buffer {
    const descriptor = Buffer.alloc(2048);
    const table = Buffer.concat(maps);
    descriptor.writeUInt32LE(2048, 212);
    descriptor.writeUInt32LE(table.length, 264);
    descriptor.writeUInt32LE(maps.length, 268);
    table.copy(descriptor, 440);
    return setTag(descriptor, 6, 33);
  }
  function type2(identifier: string): Buffer {
    const map = Buffer.alloc(64);
    map[0] = 2;
    map[1] = 64;
    map.write(identifier, 5, 'latin1');
    map.writeUInt16LE(7, 38);
    map.writeUInt32LE(100, 40);
    map.writeUInt32LE(200, 44);
    return map;
  }

  it('reads physical, metadata and other partition maps', () => {
    const volume = parseLogicalVolume(
      lvd([
        Buffer.from([1, 6, 1, 0, 7, 0]),
        type2('*UDF Metadata Partition'),
        type2('*UDF Sparable Partition'),
      ]),
      'x.iso',
    );
    expect(volume.blockSize).toBe(2048);
    expect(volume.maps).toEqual([
      { kind: 'physical', partitionNumber: 7 },
      { kind: 'metadata', partitionNumber: 7, metadataFile: 100, mirrorFile: 200 },
      { kind: 'other', partitionNumber: 7, identifier: '*UDF Sparable Partition' },
    ]);
  });

  it('rejects a partition map table that overflows', () => {
    const descriptor = lvd([Buffer.from([1, 6, 1, 0, 7, 0])]);
    descriptor.writeUInt32LE(3, 268);
    expect(thrownBy(() => parseLogicalVolume(descriptor, 'x.iso')).message).toMatch(
      /x\.iso: .*partition map/,
    );
  });

  it('keeps the prevailing descriptor (highest sequence number) and follows pointers', () => {
    const partition = (sequence: number, start: number): Buffer => {
      const descriptor = Buffer.alloc(2048);
      descriptor.writeUInt32LE(sequence, 16);
      descriptor.writeUInt16LE(0, 22);
      descriptor.writeUInt32LE(start, 188);
      descriptor.writeUInt32LE(50, 192);
      return setTag(descriptor, 5, 0);
    };
    const pointer = Buffer.alloc(2048);
    pointer.writeUInt32LE(32768, 20);
    pointer.writeUInt32LE(64, 24);
    const sequence = parseVolumeSequence(
      Buffer.concat([partition(5, 300), partition(4, 999), setTag(pointer, 3, 0), partition(9, 1)]),
      2048,
    );
    expect(sequence?.partitions.get(0)).toEqual({ number: 0, start: 300, length: 50 });
    expect(sequence?.next).toEqual({ length: 32768, location: 64 });
  });

  it('ends at a terminating descriptor or an unrecorded block, and fails on a damaged one', () => {
    const terminator = setTag(Buffer.alloc(2048), 8, 0);
    expect(parseVolumeSequence(Buffer.concat([terminator, Buffer.alloc(2048, 1)]), 2048)).toBeDefined();
    expect(
      parseVolumeSequence(Buffer.concat([Buffer.alloc(2048), Buffer.alloc(2048, 1)]), 2048),
    ).toBeDefined();
    const damaged = setTag(Buffer.alloc(2048), 5, 0);
    damaged[0] = damaged[0]! ^ 0xff;
    expect(parseVolumeSequence(damaged, 2048)).toBeUndefined();
  });
});

describe('file entries and identifiers', () => {
  it('finds the allocation descriptors after the extended attributes of a File Entry and an Extended one', () => {
    for (const [tag, header] of [
      [261, 176],
      [266, 216],
    ] as const) {
      const block = Buffer.alloc(2048);
      block[27] = 5;
      block.writeUInt16LE(1, 34);
      block.writeBigUInt64LE(5n * 2n ** 32n + 7n, 56);
      block.writeUInt32LE(12, tag === 261 ? 168 : 208);
      block.writeUInt32LE(16, tag === 261 ? 172 : 212);
      block.fill(0xab, header + 12, header + 28);
      setTag(block, tag, 0);
      const entry = parseFileEntry(block, 'x.iso', 'f');
      expect(entry).toMatchObject({ tag, fileType: 5, adType: 1, size: 5 * 2 ** 32 + 7 });
      expect(entry.area).toEqual(Buffer.alloc(16, 0xab));
    }
  });

  it('rejects an entry whose descriptors overflow its block', () => {
    const block = Buffer.alloc(2048);
    block.writeUInt32LE(4000, 172);
    setTag(block, 261, 0);
    expect(thrownBy(() => parseFileEntry(block, 'x.iso', '"big"')).message).toMatch(
      /x\.iso: .*"big" overflows/,
    );
  });

  function fid(name: string, flags: number, implementationUse = 0): Buffer {
    const encoded = name ? cs0(name) : Buffer.alloc(0);
    const buffer = Buffer.alloc(4 * Math.ceil((38 + implementationUse + encoded.length) / 4));
    buffer[18] = flags;
    buffer[19] = encoded.length;
    buffer.writeUInt32LE(2048, 20);
    buffer.writeUInt32LE(42, 24);
    buffer.writeUInt16LE(1, 28);
    buffer.writeUInt16LE(implementationUse, 36);
    encoded.copy(buffer, 38 + implementationUse);
    return setTag(buffer, 257, 0);
  }

  it('lists names without the parent and deleted entries, after implementation use, before zero padding', () => {
    const data = Buffer.concat([
      fid('', 0x0a),
      fid('sources', 0x02, 32),
      fid('gone.txt', 0x04),
      fid('setup.exe', 0),
      fid('日本', 0),
      Buffer.alloc(100),
    ]);
    expect(parseFileIdentifiers(data, 'x.iso', '/')).toEqual([
      { name: 'sources', isDirectory: true, icb: { type: 0, length: 2048, block: 42, partition: 1 } },
      { name: 'setup.exe', isDirectory: false, icb: { type: 0, length: 2048, block: 42, partition: 1 } },
      { name: '日本', isDirectory: false, icb: { type: 0, length: 2048, block: 42, partition: 1 } },
    ]);
  });

  it('rejects a damaged identifier and one that runs past the directory', () => {
    const damaged = fid('a', 0);
    damaged[3] = damaged[3]! ^ 1;
    expect(thrownBy(() => parseFileIdentifiers(damaged, 'x.iso', '"/d"')).message).toMatch(
      /x\.iso: directory "\/d" has a damaged UDF file identifier at byte 0/,
    );
    const long = fid('a-long-name.txt', 0);
    expect(thrownBy(() => parseFileIdentifiers(long.subarray(0, 44), 'x.iso', '/')).message).toMatch(
      /runs past/,
    );
  });
});

describe('synthetic UDF 2.50 images through openDisc', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'bwi-media-udf-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  let counter = 0;
  function write(udf: SyntheticUdf, change?: (image: Buffer) => void): string {
    const image = Buffer.from(udf.image);
    change?.(image);
    const file = path.join(dir, `synthetic-${++counter}.iso`);
    writeFileSync(file, image);
    return file;
  }

  for (const metadata of [true, false]) {
    it(`reads every file ${metadata ? 'through a metadata partition' : 'from a physical partition'}`, async () => {
      const udf = syntheticUdf({ metadata });
      const disc = await openDisc(write(udf));
      try {
        expect(disc.kind).toBe('udf');
        expect(disc.volumeLabel).toBe(udf.label);
        const root = await disc.list('/');
        expect(root.map((entry) => [entry.name, entry.isDirectory, entry.size])).toEqual([
          ['Grüße.txt', false, 3000],
          ['日本語', true, expect.any(Number)],
          ['embedded.txt', false, udf.files['/embedded.txt']!.length],
          ['sparse.bin', false, 2048 * 3 + 100],
          ['continued.bin', false, 2 * 2048 + 500],
          ['indirect.txt', false, udf.files['/indirect.txt']!.length],
        ]);
        expect((await disc.list('日本語')).length).toBe(71);
        for (const [file, bytes] of Object.entries(udf.files)) {
          expect(hex(await disc.read(file, 0, bytes.length + 10))).toBe(hex(bytes));
          // Reads at other offsets, across extent boundaries.
          expect(hex(await disc.read(file, 2000, 1000))).toBe(hex(bytes.subarray(2000, 3000)));
        }
        expect(await disc.stat('/GRÜSSE.TXT')).toBeUndefined();
        expect(await disc.stat('/grüße.TXT')).toMatchObject({ path: '/Grüße.txt', size: 3000 });
        expect(await disc.stat('deleted.txt')).toBeUndefined();
        // At and past the end of a file: nothing.
        expect(await disc.read('sparse.bin', 3 * 2048 + 100, 10)).toHaveLength(0);
        expect(await disc.read('sparse.bin', 10 ** 12, 10)).toHaveLength(0);
        expect(await disc.read('sparse.bin', 3 * 2048 + 90, 100)).toHaveLength(10);
      } finally {
        await disc.close();
      }
    });
  }

  it('falls back to the metadata mirror when the metadata file is damaged', async () => {
    const udf = syntheticUdf({ metadata: true });
    const disc = await openDisc(
      write(udf, (image) => image.fill(0, udf.physicalOffset(10), udf.physicalOffset(11))),
    );
    try {
      expect(hex(await disc.read('continued.bin', 0, 10_000))).toBe(hex(udf.files['/continued.bin']!));
    } finally {
      await disc.close();
    }
  });

  it('rejects a metadata file whose extents lie in the metadata partition itself', async () => {
    const udf = syntheticUdf({ metadata: true });
    const file = write(udf, (image) => {
      for (const block of [10, 11]) {
        const entry = udf.physicalOffset(block);
        image.writeUInt16LE(1, entry + 34); // long allocation descriptors
        image.writeUInt32LE(16, entry + 212);
        image.writeUInt32LE(4 * 2048, entry + 216);
        image.writeUInt32LE(20, entry + 220);
        image.writeUInt16LE(1, entry + 224); // partition reference 1: the metadata partition
      }
    });
    expect((await failureOf(openDisc(file))).message).toMatch(
      /metadata file refers to the metadata partition itself/,
    );
  });

  it('falls back to the reserve volume descriptor sequence', async () => {
    const udf = syntheticUdf({ metadata: false });
    const disc = await openDisc(write(udf, (image) => image.fill(0xee, 40 * 2048, 41 * 2048)));
    try {
      expect(disc.volumeLabel).toBe(udf.label);
    } finally {
      await disc.close();
    }
  });

  it('names the damage: a bad file entry, an indirect loop, endless allocation extents, a huge directory', async () => {
    const udf = syntheticUdf({ metadata: true });
    const cases: [string, (image: Buffer) => void, string, RegExp][] = [
      [
        'bad entry',
        (image) => void (image[udf.metaOffset(2) + 5] = 1),
        'Grüße.txt',
        /file entry of "Grüße.txt".*damaged/,
      ],
      [
        'indirect loop',
        (image) => image.writeUInt32LE(11, udf.metaOffset(11) + 36 + 4),
        'indirect.txt',
        /entry of "indirect.txt" loops/,
      ],
      [
        'endless allocation extents',
        (image) => {
          // The allocation extent descriptor's last descriptor points back at itself.
          const at = udf.metaOffset(10) + 24 + 16;
          image.writeUInt32LE(((3 << 30) | 2048) >>> 0, at);
          image.writeUInt32LE(10, at + 4);
          image.writeUInt16LE(1, at + 8);
          image.writeUInt32LE(32, udf.metaOffset(10) + 20);
        },
        'continued.bin',
        /allocation descriptors of "continued.bin" do not end/,
      ],
      [
        'huge directory',
        (image) => image.writeBigUInt64LE(2n ** 40n, udf.metaOffset(3) + 56),
        '日本語/深い.bin',
        /directory "日本語" claims/,
      ],
    ];
    for (const [, change, file, message] of cases) {
      const disc = await openDisc(write(udf, change));
      try {
        const error = await failureOf(disc.read(file, 0, 10));
        expect(error.code).toBe('input-invalid');
        expect(error.message).toContain('synthetic-');
        expect(error.message).toMatch(message);
      } finally {
        await disc.close();
      }
    }
  });

  it('rejects a volume whose descriptor sequences are both damaged', async () => {
    const udf = syntheticUdf({ metadata: false });
    const file = write(udf, (image) => {
      image.fill(0xee, 41 * 2048, 42 * 2048);
      image.fill(0xee, 49 * 2048, 50 * 2048);
    });
    const error = await failureOf(openDisc(file));
    expect(error.message).toMatch(/no valid logical volume descriptor/);
  });
});
