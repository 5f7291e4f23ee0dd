/**
 * WIM header and XML parsing on hand-made bytes (real WIMs from wimlib are read in
 * __tests__/integration/media.test.ts), and the small XML parser, cross-checked against fast-xml-parser.
 */
import { describe, expect, it } from '@jest/globals';
import { XMLParser } from 'fast-xml-parser';
import {
  decodeWimXml,
  parseWimHeader,
  parseWimXml,
  readWimInfo,
  WIM_HEADER_SIZE,
  type WimReader,
} from '../../src/media/wim.js';
import { elementText, findElement, parseXml, XmlSyntaxError } from '../../src/media/xml.js';
import { thrownBy } from '../support/build.js';

interface HeaderOptions {
  magic?: string;
  version?: number;
  flags?: number;
  imageCount?: number;
  xmlOffset?: bigint;
  xmlSize?: number;
  xmlFlags?: number;
  part?: [number, number];
}

function header(options: HeaderOptions = {}): Buffer {
  const bytes = Buffer.alloc(WIM_HEADER_SIZE);
  bytes.write(options.magic ?? 'MSWIM\0\0\0', 0, 'latin1');
  bytes.writeUInt32LE(WIM_HEADER_SIZE, 8);
  bytes.writeUInt32LE(options.version ?? 0x10d00, 12);
  bytes.writeUInt32LE(options.flags ?? 0x40082, 16);
  bytes.writeUInt32LE(32768, 20);
  bytes.writeUInt16LE(options.part?.[0] ?? 1, 40);
  bytes.writeUInt16LE(options.part?.[1] ?? 1, 42);
  bytes.writeUInt32LE(options.imageCount ?? 1, 44);
  const size = options.xmlSize ?? 200;
  bytes.writeUIntLE(size, 72, 6);
  bytes[79] = options.xmlFlags ?? 0x02;
  bytes.writeBigUInt64LE(options.xmlOffset ?? 1000n, 80);
  bytes.writeBigUInt64LE(BigInt(size), 88);
  return bytes;
}

function utf16(xml: string): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xml, 'utf16le')]);
}

const PRO = `<IMAGE INDEX="1"><NAME>Windows 11 Pro</NAME><DESCRIPTION>Windows 11 Pro</DESCRIPTION>
  <DISPLAYNAME>Windows 11 Pro</DISPLAYNAME><DISPLAYDESCRIPTION>For small businesses &amp; you</DISPLAYDESCRIPTION>
  <FLAGS>Professional</FLAGS><TOTALBYTES>19472301056</TOTALBYTES>
  <WINDOWS><ARCH>9</ARCH><PRODUCTNAME>Microsoft® Windows® Operating System</PRODUCTNAME>
    <EDITIONID>Professional</EDITIONID><INSTALLATIONTYPE>Client</INSTALLATIONTYPE><PRODUCTTYPE>WinNT</PRODUCTTYPE>
    <LANGUAGES><LANGUAGE>en-US</LANGUAGE><LANGUAGE>de-DE</LANGUAGE><FALLBACK LANGUAGE="en-US">en-US</FALLBACK>
      <DEFAULT>de-DE</DEFAULT></LANGUAGES>
    <VERSION><MAJOR>10</MAJOR><MINOR>0</MINOR><BUILD>26100</BUILD><SPBUILD>1742</SPBUILD><SPLEVEL>0</SPLEVEL></VERSION>
  </WINDOWS></IMAGE>`;
const CORE = `<IMAGE INDEX="2"><NAME>Windows Server 2022 Standard</NAME><WINDOWS><ARCH>12</ARCH>
  <EDITIONID>ServerStandard</EDITIONID><INSTALLATIONTYPE>Server Core</INSTALLATIONTYPE>
  <VERSION><MAJOR>10</MAJOR><MINOR>0</MINOR><BUILD>20348</BUILD></VERSION></WINDOWS></IMAGE>`;

describe('parseWimHeader', () => {
  it('reads a WIM header', () => {
    expect(parseWimHeader(header({ imageCount: 11 }), 'install.wim')).toEqual({
      version: 0x10d00,
      flags: 0x40082,
      compression: 'lzx',
      solid: false,
      chunkSize: 32768,
      partNumber: 1,
      totalParts: 1,
      imageCount: 11,
      bootIndex: 0,
      xml: { size: 200, flags: 2, offset: 1000, originalSize: 200 },
    });
  });

  it('knows an ESD (solid, LZMS) and the other compression types', () => {
    expect(parseWimHeader(header({ version: 0xe00, flags: 0x80002 }), 'x')).toMatchObject({
      solid: true,
      compression: 'lzms',
    });
    expect(parseWimHeader(header({ flags: 0x20002 }), 'x').compression).toBe('xpress');
    expect(parseWimHeader(header({ flags: 0 }), 'x').compression).toBe('none');
  });

  it('reads an XML offset past 4 GiB (7-byte size, 8-byte offset)', () => {
    expect(parseWimHeader(header({ xmlOffset: 6n * 2n ** 30n + 5n }), 'x').xml.offset).toBe(6 * 2 ** 30 + 5);
  });

  it('rejects what is not a WIM, a pipable WIM, and damaged or unsupported headers', () => {
    const cases: [Buffer, RegExp][] = [
      [Buffer.from('PK\x03\x04 not a wim at all'), /not a WIM or ESD file/],
      [header().subarray(0, 100), /not a WIM or ESD file/],
      [header({ magic: 'WLPWM\0\0\0' }), /pipable WIM/],
      [header({ flags: 0x40 }), /being written/],
      [header({ part: [3, 2] }), /part 3 of 2/],
      [header({ xmlSize: 0 }), /no XML data/],
      [header({ xmlFlags: 0x04 }), /XML data is compressed/],
      [header({ xmlSize: 2 ** 40 }), /impossible size/],
    ];
    for (const [bytes, message] of cases) {
      const error = thrownBy(() => parseWimHeader(bytes, 'sources/install.wim in x.iso'));
      expect(error.code).toBe('input-invalid');
      expect(error.message).toMatch(/^sources\/install\.wim in x\.iso: /);
      expect(error.message).toMatch(message);
    }
  });
});

describe('parseWimXml', () => {
  it('reads the fields of each image, in index order', () => {
    const images = parseWimXml(`<WIM><TOTALBYTES>1</TOTALBYTES>${CORE}${PRO}</WIM>`, 'x');
    expect(images).toEqual([
      {
        index: 1,
        name: 'Windows 11 Pro',
        description: 'Windows 11 Pro',
        displayName: 'Windows 11 Pro',
        displayDescription: 'For small businesses & you',
        flags: 'Professional',
        editionId: 'Professional',
        installationType: 'Client',
        server: false,
        productName: 'Microsoft® Windows® Operating System',
        productType: 'WinNT',
        arch: 'amd64',
        archCode: 9,
        version: { major: 10, minor: 0, build: 26100, spBuild: 1742, spLevel: 0 },
        languages: ['en-US', 'de-DE'],
        defaultLanguage: 'de-DE',
        totalBytes: 19472301056,
      },
      {
        index: 2,
        name: 'Windows Server 2022 Standard',
        editionId: 'ServerStandard',
        installationType: 'Server Core',
        server: true,
        arch: 'arm64',
        archCode: 12,
        version: { major: 10, minor: 0, build: 20348 },
        languages: [],
      },
    ]);
  });

  it('keeps an unknown architecture number without a name', () => {
    const [image] = parseWimXml(
      '<WIM><IMAGE INDEX="1"><WINDOWS><ARCH>42</ARCH></WINDOWS></IMAGE></WIM>',
      'x',
    );
    expect(image).toEqual({ index: 1, name: '', server: false, archCode: 42, languages: [] });
  });

  it('agrees with fast-xml-parser on the fields', () => {
    const xml = `<WIM>${PRO}${CORE}</WIM>`;
    const reference = new XMLParser({ ignoreAttributes: false, parseTagValue: false }).parse(xml) as {
      WIM: { IMAGE: { NAME: string; WINDOWS: { EDITIONID: string; VERSION: { BUILD: string } } }[] };
    };
    const images = parseWimXml(xml, 'x');
    expect(images.map((image) => [image.name, image.editionId, String(image.version?.build)])).toEqual(
      reference.WIM.IMAGE.map((image) => [image.NAME, image.WINDOWS.EDITIONID, image.WINDOWS.VERSION.BUILD]),
    );
  });

  it('rejects an encrypted ESD, a foreign document, bad indexes and malformed XML', () => {
    const cases: [string, RegExp][] = [
      [`<WIM>${PRO}<ESD><ENCRYPTED>AAAA</ENCRYPTED></ESD></WIM>`, /encrypted ESD/],
      ['<unattend></unattend>', /root <unattend>, not <WIM>/],
      ['<WIM><IMAGE><NAME>x</NAME></IMAGE></WIM>', /IMAGE without a valid INDEX/],
      ['<WIM><IMAGE INDEX="1"/><IMAGE INDEX="3"/></WIM>', /numbers the images 1, 3/],
      ['<WIM><IMAGE INDEX="1"></WIM>', /XML data is malformed: <\/WIM> does not close <IMAGE>/],
    ];
    for (const [xml, message] of cases) {
      const error = thrownBy(() => parseWimXml(xml, 'install.esd'));
      expect(error.code).toBe('input-invalid');
      expect(error.message).toMatch(message);
    }
  });
});

describe('decodeWimXml', () => {
  it('decodes UTF-16LE with or without a byte order mark, and UTF-8 with one', () => {
    expect(decodeWimXml(utf16('<WIM>ü</WIM>'))).toBe('<WIM>ü</WIM>');
    expect(decodeWimXml(Buffer.from('<WIM/>\0', 'utf16le'))).toBe('<WIM/>');
    expect(decodeWimXml(Buffer.from('\ufeff<WIM>ü</WIM>', 'utf8'))).toBe('<WIM>ü</WIM>');
  });
});

describe('readWimInfo', () => {
  /** A virtual file: header at 0, XML at `xmlOffset`, zeros elsewhere; records what was read. */
  function virtualWim(xmlOffset: number, xml: Buffer, options: HeaderOptions = {}) {
    const head = header({ xmlOffset: BigInt(xmlOffset), xmlSize: xml.length, ...options });
    const reads: [number, number][] = [];
    const read: WimReader = async (offset, length) => {
      reads.push([offset, length]);
      const out = Buffer.alloc(length);
      if (offset < head.length) head.copy(out, 0, offset, Math.min(head.length, offset + length));
      if (offset + length > xmlOffset && offset < xmlOffset + xml.length) {
        xml.copy(
          out,
          Math.max(0, xmlOffset - offset),
          Math.max(0, offset - xmlOffset),
          offset + length - xmlOffset,
        );
      }
      return out;
    };
    return { read, reads, size: xmlOffset + xml.length };
  }

  it('reads only the header and the XML, wherever the XML is (here past 4 GiB)', async () => {
    const xml = utf16(`<WIM>${PRO}</WIM>`);
    const offset = 5 * 2 ** 30 + 12345;
    const wim = virtualWim(offset, xml);
    const info = await readWimInfo(wim.read, 'install.wim', wim.size);
    expect(info.images.map((image) => image.name)).toEqual(['Windows 11 Pro']);
    expect(wim.reads).toEqual([
      [0, WIM_HEADER_SIZE],
      [offset, xml.length],
    ]);
  });

  it('rejects XML past the end of the file, a short read, and an image count that disagrees', async () => {
    const xml = utf16(`<WIM>${PRO}</WIM>`);
    const past = virtualWim(4096, xml);
    await expect(readWimInfo(past.read, 'install.wim', 5000)).rejects.toThrow(/past its end \(5000\)/);
    const short: WimReader = async (offset, length) =>
      offset === 0 ? header({ xmlSize: 200 }) : Buffer.alloc(length - 1);
    await expect(readWimInfo(short, 'install.wim')).rejects.toThrow(/truncated/);
    const count = virtualWim(4096, xml, { imageCount: 2 });
    await expect(readWimInfo(count.read, 'install.wim')).rejects.toThrow(
      /counts 2 images but its XML describes 1/,
    );
  });
});

describe('parseXml', () => {
  it('parses elements, attributes in either quotes, entities, CDATA, comments and the declaration', () => {
    const root = parseXml(
      `\ufeff<?xml version="1.0" encoding="UTF-16"?>\n<!-- c --><A x="1 &amp; 2" y='&#x41;&#66;'>` +
        `<B>&lt;b&gt; &quot;&apos;</B><C/><B><![CDATA[<raw> & ]]></B>tail</A>\n`,
    );
    expect(root.name).toBe('A');
    expect(root.attributes).toEqual({ x: '1 & 2', y: 'AB' });
    expect(root.children.map((child) => child.name)).toEqual(['B', 'C', 'B']);
    expect(elementText(root, 'B')).toBe(`<b> "'`);
    expect(root.children[2]?.text).toBe('<raw> & ');
    expect(root.text).toBe('tail');
    expect(findElement(root, 'c')?.name).toBe('C');
    expect(elementText(root, 'C')).toBeUndefined();
    expect(findElement(root, 'B/X')).toBeUndefined();
  });

  it('rejects malformed documents with a position', () => {
    const bad = [
      '<A><B></A>',
      '<A>',
      '<A x=1/>',
      '<A x="1/>',
      '<A>&nbsp;</A>',
      '<A>& </A>',
      '<A>&#0;</A>',
      '<!DOCTYPE A [<!ENTITY x "y">]><A/>',
      'text<A/>',
      '<A/><B/>',
      '',
      '<A><!-- </A>',
      `${'<A>'.repeat(100)}${'</A>'.repeat(100)}`,
    ];
    for (const xml of bad) {
      expect(() => parseXml(xml)).toThrow(XmlSyntaxError);
      expect(() => parseXml(xml)).toThrow(/at character \d+/);
    }
  });
});
