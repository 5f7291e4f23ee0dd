/** ISO 9660 / Joliet / Rock Ridge parsing and the path rules of disc-fs, on hand-made descriptor bytes. */
import { describe, expect, it } from '@jest/globals';
import { foldCase, matchName, splitPath } from '../../src/media/disc-fs.js';
import {
  isoName,
  parseDirectory,
  parseSusp,
  scanVolumeDescriptors,
  ucs2be,
} from '../../src/media/iso9660-records.js';

function record(
  name: Buffer,
  options: { extent?: number; size?: number; flags?: number; systemUse?: Buffer } = {},
) {
  const systemUse = options.systemUse ?? Buffer.alloc(0);
  const padding = name.length % 2 === 0 ? 1 : 0;
  const length = 33 + name.length + padding + systemUse.length;
  const buffer = Buffer.alloc(length + (length % 2));
  buffer[0] = buffer.length;
  buffer.writeUInt32LE(options.extent ?? 20, 2);
  buffer.writeUInt32BE(options.extent ?? 20, 6);
  buffer.writeUInt32LE(options.size ?? 2048, 10);
  buffer.writeUInt32BE(options.size ?? 2048, 14);
  buffer[25] = options.flags ?? 0;
  buffer[32] = name.length;
  name.copy(buffer, 33);
  systemUse.copy(buffer, 33 + name.length + padding);
  return buffer;
}

function descriptor(type: number, id: string, volumeId: Buffer = Buffer.alloc(0), escapes = ''): Buffer {
  const sector = Buffer.alloc(2048);
  sector[0] = type;
  sector.write(id, 1, 'latin1');
  sector[6] = 1;
  sector.fill(0x20, 40, 72);
  volumeId.copy(sector, 40);
  sector.writeUInt16LE(2048, 128);
  sector.write(escapes, 88, 'latin1');
  record(Buffer.from([0]), { extent: 22, flags: 2 }).copy(sector, 156);
  return sector;
}

const ucs2 = (text: string): Buffer => Buffer.from(text, 'utf16le').swap16();

describe('scanVolumeDescriptors', () => {
  it('finds the primary descriptor, the Joliet one, and a UDF recognition sequence after them', () => {
    const found = scanVolumeDescriptors(
      Buffer.concat([
        descriptor(1, 'CD001', Buffer.from('CCCOMA_X64FRE_EN-US_DV9')),
        descriptor(2, 'CD001', ucs2('CCCOMA_X64FRE_EN'), '%/E'),
        descriptor(255, 'CD001'),
        descriptor(0, 'BEA01'),
        descriptor(0, 'NSR02'),
        descriptor(0, 'TEA01'),
      ]),
    );
    expect(found.udf).toBe(true);
    expect(found.primary).toMatchObject({ volumeId: 'CCCOMA_X64FRE_EN-US_DV9', blockSize: 2048 });
    expect(found.primary?.root).toMatchObject({ extent: 22, dataLength: 2048, flags: 2 });
    expect(found.joliet?.volumeId).toBe('CCCOMA_X64FRE_EN');
  });

  it('ignores a supplementary descriptor without a Joliet escape sequence', () => {
    const found = scanVolumeDescriptors(
      Buffer.concat([
        descriptor(1, 'CD001'),
        descriptor(2, 'CD001', Buffer.from('X'), 'AB'),
        descriptor(255, 'CD001'),
      ]),
    );
    expect(found.joliet).toBeUndefined();
    expect(found.udf).toBe(false);
  });

  it('skips empty sectors (UDF with 4 KiB blocks) and stops at anything else', () => {
    expect(
      scanVolumeDescriptors(
        Buffer.concat([descriptor(0, 'BEA01'), Buffer.alloc(2048), descriptor(0, 'NSR03')]),
      ).udf,
    ).toBe(true);
    expect(scanVolumeDescriptors(Buffer.concat([Buffer.alloc(2048, 0x41), descriptor(0, 'NSR03')])).udf).toBe(
      false,
    );
  });
});

describe('parseDirectory', () => {
  it('reads records, skipping the zero padding at the end of each block', () => {
    const first = Buffer.alloc(2048);
    let at = 0;
    for (const name of ['\0', '\x01', 'SOURCES', 'SETUP.EXE;1']) {
      const bytes = record(Buffer.from(name, 'latin1'), { flags: name === 'SOURCES' ? 2 : 0 });
      bytes.copy(first, at);
      at += bytes.length;
    }
    const second = Buffer.alloc(2048);
    record(Buffer.from('BOOTMGR;1'), { size: 5 * 2 ** 20, extent: 99 }).copy(second);
    const records = parseDirectory(Buffer.concat([first, second]), 2048);
    expect(records?.map((entry) => entry.identifier.toString('latin1'))).toEqual([
      '\0',
      '\x01',
      'SOURCES',
      'SETUP.EXE;1',
      'BOOTMGR;1',
    ]);
    expect(records?.[4]).toMatchObject({ extent: 99, dataLength: 5 * 2 ** 20, flags: 0 });
  });

  it('returns undefined for a record that crosses a block or is too short', () => {
    // 36-byte records in 64-byte blocks: a second one would cross into the next block.
    const a = record(Buffer.from('A;1'));
    expect(parseDirectory(Buffer.concat([a, Buffer.alloc(64 - a.length)]), 64)).toHaveLength(1);
    expect(
      parseDirectory(Buffer.concat([a, record(Buffer.from('B;1')), Buffer.alloc(56)]), 64),
    ).toBeUndefined();
    const short = Buffer.alloc(2048);
    short[0] = 20;
    expect(parseDirectory(short, 2048)).toBeUndefined();
  });
});

describe('names', () => {
  it('strips ISO 9660 versions and the dot of extension-less names', () => {
    expect(isoName('INSTALL.WIM;1')).toBe('INSTALL.WIM');
    expect(isoName('BCD.;1')).toBe('BCD');
    expect(isoName('README')).toBe('README');
    expect(isoName('install.wim')).toBe('install.wim');
  });

  it('decodes UCS-2 big-endian, surrogate pairs included', () => {
    expect(ucs2be(ucs2('Grüße 🎉'))).toBe('Grüße 🎉');
    expect(ucs2be(Buffer.from([0, 0x41, 0]))).toBe('A');
  });
});

describe('parseSusp (Rock Ridge)', () => {
  const entry = (signature: string, body: Buffer): Buffer =>
    Buffer.concat([Buffer.from(signature, 'latin1'), Buffer.from([4 + body.length, 1]), body]);
  const nm = (flags: number, name: string): Buffer =>
    entry('NM', Buffer.concat([Buffer.from([flags]), Buffer.from(name)]));

  it('reads SP, NM names split over entries, RE and CE', () => {
    const ce = Buffer.alloc(24);
    ce.writeUInt32LE(30, 0);
    ce.writeUInt32LE(100, 8);
    ce.writeUInt32LE(64, 16);
    const result = parseSusp(
      Buffer.concat([
        entry('SP', Buffer.from([0xbe, 0xef, 0])),
        entry('PX', Buffer.alloc(32)),
        nm(1, 'a-very-long-'),
        nm(0, 'name.txt'),
        entry('RE', Buffer.alloc(0)),
        entry('CE', ce),
      ]),
    );
    expect(Buffer.concat(result.name).toString()).toBe('a-very-long-name.txt');
    expect(result.sharing).toEqual({ skip: 0 });
    expect(result.relocated).toBe(true);
    expect(result.continuation).toEqual({ block: 30, offset: 100, length: 64 });
  });

  it('continues a name in a continuation area, ignores "." and ".." names, stops at ST', () => {
    const first = parseSusp(Buffer.concat([nm(2, ''), nm(1, 'Grü')]));
    const second = parseSusp(
      Buffer.concat([nm(0, 'ße'), entry('ST', Buffer.alloc(0)), nm(0, 'ignored')]),
      first,
    );
    expect(Buffer.concat(second.name).toString()).toBe('Grüße');
  });

  it('stops at a malformed entry length', () => {
    const result = parseSusp(Buffer.concat([nm(0, 'ok'), Buffer.from([0x4e, 0x4d, 2, 1])]));
    expect(Buffer.concat(result.name).toString()).toBe('ok');
  });
});

describe('paths', () => {
  it('splits on either slash and ignores empty and "." segments', () => {
    expect(splitPath('/sources/install.wim')).toEqual(['sources', 'install.wim']);
    expect(splitPath('\\x64\\sources\\\\install.esd')).toEqual(['x64', 'sources', 'install.esd']);
    expect(splitPath('a/./b/../c')).toEqual(['a', 'c']);
    expect(splitPath('')).toEqual([]);
    expect(splitPath('/')).toEqual([]);
  });

  it('folds case character by character, as Windows does', () => {
    expect(foldCase('install.wim')).toBe('INSTALL.WIM');
    expect(foldCase('Grüße')).toBe('GRÜßE');
  });

  it('prefers an exact match, else matches ignoring case', () => {
    const entries = [{ name: 'Install.wim' }, { name: 'install.wim' }, { name: 'Ümlaut' }];
    expect(matchName(entries, 'install.wim')).toBe(entries[1]);
    expect(matchName(entries, 'INSTALL.WIM')).toBe(entries[0]);
    expect(matchName(entries, 'ümlaut')).toBe(entries[2]);
    expect(matchName(entries, 'missing')).toBeUndefined();
  });
});
