/**
 * Reading files and the Windows image list inside disc images made by the real tools: genisoimage -udf
 * (UDF 1.02 bridge discs like Microsoft's), mkudffs (UDF 1.02–2.01, Extended File Entries, other block
 * sizes), xorrisofs (ISO 9660, Joliet, Rock Ridge, multi-extent files), and real WIM/ESD files from wimlib.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  copyFileSync,
  openSync,
  readFileSync,
  rmSync,
  truncateSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { openDisc, type Disc } from '../../src/media/disc-fs.js';
import { findInstallImage, readWindowsImages } from '../../src/media/install-image.js';
import { osFromBuild } from '../../src/unattend/windows-targets.js';
import { tempDir } from '../support/cli.js';
import { genisoimageUdf, makeWim, run, writeTree, xorrisofs, type WimImageSpec } from '../support/media.js';
import { failureOf } from '../support/build.js';

const GiB = 2 ** 30;
const LABEL = 'CCCOMA_X64FRE_EN-US_DV9';

const IMAGES: WimImageSpec[] = [
  {
    name: 'Windows 11 Pro',
    description: 'Windows 11 Pro',
    properties: {
      DISPLAYNAME: 'Windows 11 Pro',
      FLAGS: 'Professional',
      'WINDOWS/ARCH': '9',
      'WINDOWS/EDITIONID': 'Professional',
      'WINDOWS/INSTALLATIONTYPE': 'Client',
      'WINDOWS/VERSION/MAJOR': '10',
      'WINDOWS/VERSION/MINOR': '0',
      'WINDOWS/VERSION/BUILD': '26100',
      'WINDOWS/VERSION/SPBUILD': '1742',
      'WINDOWS/LANGUAGES/LANGUAGE': 'en-US',
      'WINDOWS/LANGUAGES/LANGUAGE[2]': 'de-DE',
      'WINDOWS/LANGUAGES/DEFAULT': 'en-US',
    },
  },
  {
    name: 'Windows 11 Home & Education – Ünïcödé 日本語',
    properties: {
      'WINDOWS/ARCH': '12',
      'WINDOWS/EDITIONID': 'Core',
      'WINDOWS/INSTALLATIONTYPE': 'Client',
      'WINDOWS/VERSION/MAJOR': '10',
      'WINDOWS/VERSION/MINOR': '0',
      'WINDOWS/VERSION/BUILD': '22631',
    },
  },
  {
    name: 'Windows Server 2022 SERVERDATACENTERCORE',
    properties: {
      'WINDOWS/ARCH': '9',
      'WINDOWS/EDITIONID': 'ServerDatacenterCor',
      'WINDOWS/INSTALLATIONTYPE': 'Server Core',
      'WINDOWS/VERSION/MAJOR': '10',
      'WINDOWS/VERSION/MINOR': '0',
      'WINDOWS/VERSION/BUILD': '20348',
    },
  },
];

let dir: string;
let wim: string;
let esd: string;
let counter = 0;

beforeAll(async () => {
  dir = tempDir('media');
  wim = await makeWim(dir, path.join(dir, 'install.wim'), IMAGES);
  esd = await makeWim(dir, path.join(dir, 'install.esd'), IMAGES, { esd: true });
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A fresh source tree shaped like Windows installation media. */
function windowsTree(extra: Record<string, string | Buffer> = {}): string {
  return writeTree(path.join(dir, `tree-${++counter}`), {
    'setup.exe': 'MZ setup',
    'autorun.inf': '[AutoRun]\r\nopen=setup.exe\r\n',
    'boot/bcd': Buffer.alloc(16384, 7),
    'efi/microsoft/boot/efisys.bin': Buffer.alloc(2048, 1),
    'sources/lang.ini': '[Available UI Languages]\r\nen-US = 3\r\n',
    ...extra,
  });
}

const iso = (name: string): string => path.join(dir, `${name}-${++counter}.iso`);

async function withDisc<T>(image: string, fn: (disc: Disc) => Promise<T>): Promise<T> {
  const disc = await openDisc(image);
  try {
    return await fn(disc);
  } finally {
    await disc.close();
  }
}

function expectImages(images: Awaited<ReturnType<typeof readWindowsImages>>['images']): void {
  expect(images.map((image) => image.name)).toEqual(IMAGES.map((image) => image.name));
  expect(images[0]).toMatchObject({
    index: 1,
    description: 'Windows 11 Pro',
    displayName: 'Windows 11 Pro',
    flags: 'Professional',
    editionId: 'Professional',
    installationType: 'Client',
    server: false,
    arch: 'amd64',
    version: { major: 10, minor: 0, build: 26100, spBuild: 1742 },
    languages: ['en-US', 'de-DE'],
    defaultLanguage: 'en-US',
    totalBytes: expect.any(Number),
  });
  expect(images[1]).toMatchObject({ index: 2, arch: 'arm64', editionId: 'Core', version: { build: 22631 } });
  expect(images[2]).toMatchObject({ index: 3, installationType: 'Server Core', server: true });
  // What the build needs to pick the Windows version (src/unattend/windows-targets.ts).
  expect(images.map((image) => osFromBuild(image.version!.build, image.server))).toEqual([
    'w11',
    'w11',
    '2k22',
  ]);
}

describe('UDF images from genisoimage', () => {
  it('reads install.wim from the UDF tree when the ISO 9660 tree has no sources/ (as on Microsoft ISOs)', async () => {
    const image = await genisoimageUdf(
      windowsTree({ 'sources/install.wim': readFileSync(wim) }),
      iso('ms-like'),
      {
        label: LABEL,
        hide: ['sources'],
      },
    );
    // The ISO 9660 side really lacks the file: only the UDF reader can find it.
    expect(await run('isoinfo', ['-l', '-i', image])).not.toMatch(/SOURCES|INSTALL/);

    await withDisc(image, async (disc) => {
      expect(disc.kind).toBe('udf');
      expect(disc.volumeLabel).toBe(LABEL);
      expect((await disc.list('/')).map((entry) => entry.name).sort()).toEqual([
        'autorun.inf',
        'boot',
        'efi',
        'setup.exe',
        'sources',
      ]);
      const entry = await disc.stat('SOURCES\\INSTALL.WIM');
      expect(entry).toEqual({
        name: 'install.wim',
        path: '/sources/install.wim',
        isDirectory: false,
        size: readFileSync(wim).length,
      });
      expect((await disc.read('/sources/install.wim', 0, entry!.size)).equals(readFileSync(wim))).toBe(true);
      expect(await disc.read('boot/bcd', 16000, 1000)).toEqual(Buffer.alloc(384, 7));
      expect(await findInstallImage(disc)).toBe('/sources/install.wim');
    });

    const found = await readWindowsImages(image);
    expect(found).toMatchObject({
      volumeLabel: LABEL,
      discKind: 'udf',
      path: '/sources/install.wim',
      header: { compression: 'lzx', solid: false, imageCount: 3, partNumber: 1, totalParts: 1 },
    });
    expectImages(found.images);
  });

  it('reads a solid install.esd, also in the x64/ folder of a dual-architecture ISO', async () => {
    const image = await genisoimageUdf(
      windowsTree({ 'x64/sources/install.esd': readFileSync(esd) }),
      iso('esd'),
      {
        label: 'ESD_X64FRE',
        joliet: true,
      },
    );
    const found = await readWindowsImages(image);
    expect(found).toMatchObject({
      discKind: 'udf',
      path: '/x64/sources/install.esd',
      header: { compression: 'lzms', solid: true, imageCount: 3 },
    });
    expectImages(found.images);
  });

  it('reads 8- and 16-bit names, a directory of many blocks, and data at any offset', async () => {
    const random = randomBytes(300_000);
    const many: Record<string, string> = {};
    for (let i = 0; i < 400; i++) many[`many/file-with-a-longish-name-${i}.txt`] = 'x'.repeat(i);
    const image = await genisoimageUdf(
      writeTree(path.join(dir, `tree-${++counter}`), {
        'Grüße.txt': 'Grüße',
        '日本語/ファイル.txt': '日本',
        'data/random.bin': random,
        ...many,
      }),
      iso('names'),
      { label: 'NAMES', joliet: true },
    );
    await withDisc(image, async (disc) => {
      expect(disc.kind).toBe('udf');
      expect((await disc.list('/')).map((entry) => entry.name).sort()).toEqual([
        'Grüße.txt',
        'data',
        'many',
        '日本語',
      ]);
      expect((await disc.read('/日本語/ファイル.txt', 0, 100)).toString()).toBe('日本');
      // Case folding is per character, as on Windows: "ß" does not become "SS".
      expect(await disc.stat('GRÜSSE.TXT')).toBeUndefined();
      expect((await disc.read('grüße.TXT', 0, 100)).toString()).toBe('Grüße');
      const listing = await disc.list('many');
      expect(listing).toHaveLength(400);
      for (const entry of listing) expect(entry.size).toBe(Number(/-(\d+)\.txt$/.exec(entry.name)![1]));
      for (const [offset, length] of [
        [0, 10],
        [2047, 2],
        [123_457, 70_000],
        [299_990, 100],
        [300_000, 5],
      ] as const) {
        const bytes = await disc.read('data/random.bin', offset, length);
        expect(bytes.equals(random.subarray(offset, offset + length))).toBe(true);
      }
    });
  });
});

describe('UDF images from mkudffs', () => {
  const variants = [
    { revision: '1.02', ad: 'short', blockSize: 2048 },
    { revision: '2.01', ad: 'long', blockSize: 2048 },
    { revision: '2.01', ad: 'inicb', blockSize: 512 },
    { revision: '2.01', ad: 'inicb', blockSize: 4096 },
  ];
  it.each(variants)('reads an empty UDF $revision volume ($ad, $blockSize-byte blocks)', async (variant) => {
    const image = path.join(dir, `mkudffs-${++counter}.img`);
    const label = `Ünïcödé 日本 ${variant.revision}`;
    await run('mkudffs', [
      '--utf8',
      '--media-type=hd',
      `--udfrev=${variant.revision}`,
      `--ad=${variant.ad}`,
      `--blocksize=${variant.blockSize}`,
      `--lvid=${label}`,
      '--new-file',
      image,
      '3000',
    ]);
    await withDisc(image, async (disc) => {
      expect(disc.kind).toBe('udf');
      expect(disc.volumeLabel).toBe(label);
      expect(await disc.list('/')).toEqual([]);
    });
    const error = await failureOf(readWindowsImages(image));
    expect(error.message).toBe(`${image} has no sources/install.wim or sources/install.esd`);
  });
});

describe('ISO 9660 images from xorrisofs', () => {
  // Longer than Joliet's 64 characters, within -joliet-long's 103.
  const longName = `${'a-long-file-name-'.repeat(5)}end.txt`;
  const tree = (): string =>
    windowsTree({
      'sources/install.wim': readFileSync(wim),
      [`docs/${longName}`]: 'long',
      'docs/Grüße 日本.txt': 'hi',
    });

  it('keeps a volume label longer than Joliet can hold (virtio-win-0.1.262)', async () => {
    const image = await xorrisofs(tree(), iso('long-label'), { label: 'virtio-win-0.1.262', joliet: true });
    await withDisc(image, async (disc) => {
      expect(disc.kind).toBe('joliet');
      expect(disc.volumeLabel).toBe('virtio-win-0.1.262');
    });
  });

  it('prefers Joliet names (with -joliet-long)', async () => {
    const image = await xorrisofs(tree(), iso('joliet'), {
      label: 'JOLIET_VOL',
      joliet: true,
      rockRidge: true,
    });
    await withDisc(image, async (disc) => {
      expect(disc.kind).toBe('joliet');
      expect(disc.volumeLabel).toBe('JOLIET_VOL');
      expect((await disc.list('docs')).map((entry) => entry.name).sort()).toEqual([
        'Grüße 日本.txt',
        longName,
      ]);
      expect((await disc.read(`DOCS/${longName.toUpperCase()}`, 0, 10)).toString()).toBe('long');
      expect(await disc.read('docs/Grüße 日本.txt', 2, 10)).toHaveLength(0);
      expect(await disc.read('docs/Grüße 日本.txt', 99, 10)).toHaveLength(0);
      await expect(disc.read('docs', 0, 10)).rejects.toThrow(
        /there is no file "docs" on the disc \(joliet\)/,
      );
      await expect(disc.list('docs/Grüße 日本.txt')).rejects.toThrow(/there is no directory/);
    });
    expectImages((await readWindowsImages(image)).images);
  });

  it('reads plain ISO 9660 names case-insensitively', async () => {
    const image = await xorrisofs(tree(), iso('plain'), { label: 'PLAIN' });
    await withDisc(image, async (disc) => {
      expect(disc.kind).toBe('iso9660');
      expect(disc.volumeLabel).toBe('PLAIN');
      expect(await disc.stat('sources/install.wim')).toMatchObject({
        path: '/SOURCES/INSTALL.WIM',
        isDirectory: false,
      });
      expect((await disc.list('/')).map((entry) => entry.name).sort()).toEqual([
        'AUTORUN.INF',
        'BOOT',
        'DOCS',
        'EFI',
        'SETUP.EXE',
        'SOURCES',
      ]);
    });
    const found = await readWindowsImages(image);
    expect(found.path).toBe('/SOURCES/INSTALL.WIM');
    expectImages(found.images);
  });

  it('reads Rock Ridge names, long ones through continuation areas', async () => {
    const veryLong = `${'x'.repeat(240)}.txt`;
    const source = tree();
    writeFileSync(path.join(source, 'docs', veryLong), 'very long');
    const image = await xorrisofs(source, iso('rock-ridge'), { label: 'RR', rockRidge: true, isoLevel: 2 });
    await withDisc(image, async (disc) => {
      expect(disc.kind).toBe('iso9660');
      expect((await disc.list('docs')).map((entry) => entry.name).sort()).toEqual([
        'Grüße 日本.txt',
        longName,
        veryLong,
      ]);
      expect((await disc.read(`docs/${veryLong}`, 0, 100)).toString()).toBe('very long');
      expect(await findInstallImage(disc)).toBe('/sources/install.wim');
    });
  });
});

describe('files of 4 GiB and more', () => {
  it('maps reads past 4 GiB to the right bytes, in UDF extents and ISO 9660 multi-extent files', async () => {
    // A sparse 4.3 GiB file with markers: at its start, across UDF's 1 GiB extent boundary, past 4 GiB, at
    // its end. install.wim comes after it on the disc, so its header and XML lie past 4 GiB in the image.
    const size = 4 * GiB + 64 * 2 ** 20;
    const source = windowsTree({ 'sources/install.wim': readFileSync(wim) });
    const big = path.join(source, 'sources', 'big.bin');
    const markers: [number, string][] = [
      [0, 'START'],
      [GiB - 2048 - 3, 'ACROSS-EXTENTS'],
      [4 * GiB + 12345, 'PAST-4-GIB'],
      [size - 3, 'END'],
    ];
    writeFileSync(big, '');
    truncateSync(big, size);
    const fd = openSync(big, 'r+');
    for (const [offset, text] of markers) writeSync(fd, text, offset);
    closeSync(fd);

    const [udf, joliet] = await Promise.all([
      genisoimageUdf(source, iso('big-udf'), { label: 'BIG_UDF', largeFiles: true }),
      xorrisofs(source, iso('big-joliet'), { label: 'BIG_JOLIET', joliet: true, isoLevel: 3 }),
    ]);
    rmSync(source, { recursive: true, force: true });

    for (const image of [udf, joliet]) {
      await withDisc(image, async (disc) => {
        expect(await disc.stat('sources/big.bin')).toMatchObject({ size });
        for (const [offset, text] of markers) {
          // With the bytes around each marker: zeros before and after (and the end of the file after the last).
          const from = Math.max(0, offset - 2);
          const bytes = await disc.read('sources/big.bin', from, text.length + 4);
          const after = Math.min(4 - (offset - from), size - offset - text.length);
          expect(bytes.toString('latin1')).toBe(`${'\0'.repeat(offset - from)}${text}${'\0'.repeat(after)}`);
        }
      });
      const found = await readWindowsImages(image);
      expectImages(found.images);
    }
    // Where install.wim sits in the image (its ISO 9660 extent, shared with UDF and Joliet): past 4 GiB.
    const listing = await run('isoinfo', ['-l', '-i', udf]);
    const lba = Number(/\[\s*(\d+)\s+\d+\]\s+INSTALL\.WIM/.exec(listing)?.[1]);
    expect(lba * 2048).toBeGreaterThan(4 * GiB);
  }, 180_000);
});

describe('damaged images and wrong inputs', () => {
  let good: string;
  beforeAll(async () => {
    good = await genisoimageUdf(windowsTree({ 'sources/install.wim': readFileSync(wim) }), iso('good'), {
      label: LABEL,
      hide: ['sources'],
    });
  });

  function damaged(change: (image: Buffer) => Buffer | void): string {
    const bytes = readFileSync(good);
    const file = path.join(dir, `damaged-${++counter}.iso`);
    writeFileSync(file, change(bytes) ?? bytes);
    return file;
  }

  it('says the image is missing, a directory, or not a disc image', async () => {
    expect((await failureOf(openDisc(path.join(dir, 'nope.iso')))).code).toBe('input-missing');
    expect((await failureOf(openDisc(dir))).message).toMatch(/is a directory/);
    const junk = path.join(dir, 'junk.iso');
    writeFileSync(junk, randomBytes(1024 * 1024));
    const error = await failureOf(openDisc(junk));
    expect(error.code).toBe('input-invalid');
    expect(error.message).toMatch(/junk\.iso: it is not an ISO 9660 or UDF disc image/);
    writeFileSync(junk, 'tiny');
    expect((await failureOf(openDisc(junk))).message).toMatch(/not an ISO 9660 or UDF disc image/);
  });

  it('finds the anchor at the end when sector 256 is zeroed, and fails clearly when both are', async () => {
    const oneAnchor = damaged((image) => void image.fill(0, 256 * 2048, 257 * 2048));
    expectImages((await readWindowsImages(oneAnchor)).images);
    const noAnchor = damaged((image) => {
      image.fill(0, 256 * 2048, 257 * 2048);
      image.fill(0, image.length - 2048);
    });
    const error = await failureOf(readWindowsImages(noAnchor));
    expect(error.code).toBe('input-invalid');
    expect(error.message).toMatch(/damaged-\d+\.iso: .*no UDF anchor volume descriptor pointer/);
  });

  it('says a truncated image is truncated', async () => {
    // Cut inside install.wim, before its XML.
    const cut = damaged((image) => image.subarray(0, image.indexOf('MSWIM\0\0\0') + 1000));
    const error = await failureOf(readWindowsImages(cut));
    expect(error.code).toBe('input-invalid');
    expect(error.message).toMatch(/is truncated/);
    const early = damaged((image) => image.subarray(0, 40 * 2048));
    expect((await failureOf(readWindowsImages(early))).message).toMatch(/no UDF anchor/);
  });

  it('names a damaged directory entry', async () => {
    const file = damaged((image) => {
      const name = image.indexOf(Buffer.from('\x08install.wim', 'latin1'));
      image[name - 38 + 5] = 0xff - image[name - 38 + 5]!; // the FID's tag, 38 bytes before its name
    });
    const error = await failureOf(readWindowsImages(file));
    expect(error.message).toMatch(/directory "sources" has a damaged UDF file identifier/);
  });

  it('says an ISO without install.wim/esd is not a Windows installation ISO', async () => {
    const image = await genisoimageUdf(windowsTree(), iso('no-sources'), { label: 'virtio-win-0.1.262' });
    const error = await failureOf(readWindowsImages(image));
    expect(error.code).toBe('input-invalid');
    expect(error.message).toBe(`${image} has no sources/install.wim or sources/install.esd`);
    expect(error.hint).toMatch(/Is this a Windows installation ISO\?/);
  });

  it('says an install.wim that is not a WIM, or is cut short, is damaged', async () => {
    const notWim = await genisoimageUdf(windowsTree({ 'sources/install.wim': 'not a wim' }), iso('not-wim'), {
      label: 'X',
    });
    const error = await failureOf(readWindowsImages(notWim));
    expect(error.message).toBe(
      `sources/install.wim in ${notWim}: it is not a WIM or ESD file (no "MSWIM" signature)`,
    );

    const head = readFileSync(wim).subarray(0, 1000);
    const cut = await genisoimageUdf(windowsTree({ 'sources/install.wim': head }), iso('cut-wim'), {
      label: 'X',
    });
    expect((await failureOf(readWindowsImages(cut))).message).toMatch(
      /install\.wim in .*: its header puts the XML .* past its end/,
    );
  });

  it('reads through UDF even when the ISO 9660 tree points elsewhere', async () => {
    // The ISO 9660 tree lies about install.wim (points at another file); UDF is still what is read.
    const image = await genisoimageUdf(
      windowsTree({
        'sources/install.wim': readFileSync(wim),
        'sources/decoy.bin': Buffer.alloc(4096, 0x5a),
      }),
      iso('decoy'),
      { label: 'DECOY' },
    );
    const file = path.join(dir, `decoy-${++counter}.iso`);
    copyFileSync(image, file);
    const listing = await run('isoinfo', ['-l', '-i', file]);
    const decoy = Number(/\[\s*(\d+)\s+\d+\]\s+DECOY\.BIN/.exec(listing)?.[1]);
    const bytes = readFileSync(file);
    // Point every ISO 9660 record of INSTALL.WIM at the decoy's extent.
    for (let at = bytes.indexOf('INSTALL.WIM;1'); at >= 0; at = bytes.indexOf('INSTALL.WIM;1', at + 1)) {
      bytes.writeUInt32LE(decoy, at - 33 + 2);
      bytes.writeUInt32BE(decoy, at - 33 + 6);
    }
    writeFileSync(file, bytes);
    expect(await run('isoinfo', ['-i', file, '-x', '/SOURCES/INSTALL.WIM;1'])).toMatch(/^Z+/);
    expectImages((await readWindowsImages(file)).images);
  });
});
