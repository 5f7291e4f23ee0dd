/**
 * The image list of a WIM or ESD (install.wim / install.esd): the 208-byte header, then the XML document it
 * points at, which names each image (edition, version, architecture, languages). The XML is stored
 * uncompressed as UTF-16LE in WIMs and ESDs alike, so no decompressor is needed. Reads go through a callback,
 * so the file can be one inside a disc image.
 */
import { BuildError } from '../errors.js';
import { childElements, elementText, findElement, parseXml, XmlSyntaxError, type XmlElement } from './xml.js';

export const WIM_HEADER_SIZE = 208;
const MAGIC = Buffer.from('MSWIM\0\0\0', 'latin1');
const PIPABLE_MAGIC = Buffer.from('WLPWM\0\0\0', 'latin1');
/** Real image lists are tens of KiB (a few MiB with servicing data); beyond this the header is damaged. */
const MAX_XML_BYTES = 64 * 1024 * 1024;

/** Header flags (the MS WIM format documentation). */
const HeaderFlag = {
  Compression: 0x2,
  Spanned: 0x8,
  WriteInProgress: 0x40,
  Xpress: 0x20000,
  Lzx: 0x40000,
  Lzms: 0x80000,
} as const;
/** Resource header flag: the resource is compressed. */
const RESOURCE_COMPRESSED = 0x4;
/** Version of WIMs with solid resources, which is what .esd files are. */
const SOLID_VERSION = 0xe00;

export type WimCompression = 'none' | 'xpress' | 'lzx' | 'lzms' | 'unknown';

export interface WimResource {
  /** Bytes in the file. */
  size: number;
  flags: number;
  offset: number;
  /** Bytes once uncompressed. */
  originalSize: number;
}

export interface WimHeader {
  version: number;
  flags: number;
  compression: WimCompression;
  /** Solid resources (version 0xE00): an ESD. */
  solid: boolean;
  chunkSize: number;
  partNumber: number;
  totalParts: number;
  imageCount: number;
  /** 1-based index of the bootable image (boot.wim), 0 for none. */
  bootIndex: number;
  xml: WimResource;
}

export type WindowsArch = 'x86' | 'arm' | 'ia64' | 'amd64' | 'arm64';

/** Windows' PROCESSOR_ARCHITECTURE_* numbers, as the XML's ARCH element has them. */
export const ARCH_NAMES: Readonly<Record<number, WindowsArch>> = {
  0: 'x86',
  5: 'arm',
  6: 'ia64',
  9: 'amd64',
  12: 'arm64',
};

export interface WimImage {
  /** 1-based, as DISM and the answer file's /IMAGE/INDEX count. */
  index: number;
  name: string;
  description?: string;
  displayName?: string;
  displayDescription?: string;
  /** FLAGS: the edition id on Microsoft's images, e.g. "Professional". */
  flags?: string;
  /** WINDOWS/EDITIONID, e.g. "Professional", "ServerDatacenter". */
  editionId?: string;
  /** WINDOWS/INSTALLATIONTYPE: "Client", "Server", "Server Core", "WindowsPE", … */
  installationType?: string;
  /** The installation type is a server one ("Server", "Server Core"). */
  server: boolean;
  productName?: string;
  productType?: string;
  /** WINDOWS/ARCH as a name; undefined when missing or not a known number (see archCode). */
  arch?: WindowsArch;
  archCode?: number;
  version?: { major: number; minor: number; build: number; spBuild?: number; spLevel?: number };
  /** WINDOWS/LANGUAGES/LANGUAGE, in order. */
  languages: string[];
  defaultLanguage?: string;
  /** TOTALBYTES: the size of the image's files. */
  totalBytes?: number;
}

export interface WimInfo {
  header: WimHeader;
  images: WimImage[];
}

/** Reads `length` bytes at `offset` of the WIM file (fewer only at its end). */
export type WimReader = (offset: number, length: number) => Promise<Buffer>;

/**
 * The header and image list of a WIM/ESD. `source` names the file in messages (e.g. "sources/install.wim in
 * Win11.iso"); `size`, when known, lets a header that points past the end be called what it is.
 */
export async function readWimInfo(read: WimReader, source: string, size?: number): Promise<WimInfo> {
  const header = parseWimHeader(await read(0, WIM_HEADER_SIZE), source);
  const { offset, size: stored, originalSize } = header.xml;
  const length = originalSize || stored;
  if (size !== undefined && offset + length > size) {
    throw invalid(
      source,
      `its header puts the XML data at bytes ${offset}–${offset + length}, past its end (${size})`,
    );
  }
  const data = await read(offset, length);
  if (data.length < length) throw invalid(source, 'it is truncated: the XML data at its end is incomplete');
  const images = parseWimXml(decodeWimXml(data), source);
  if (images.length !== header.imageCount) {
    throw invalid(
      source,
      `its header counts ${header.imageCount} images but its XML describes ${images.length}`,
    );
  }
  return { header, images };
}

/** Pure: the 208-byte WIM header. */
export function parseWimHeader(bytes: Buffer, source: string): WimHeader {
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(PIPABLE_MAGIC)) {
    throw invalid(
      source,
      'it is a pipable WIM, which is not supported',
      'Convert it with `wimexport SRC all DEST.wim`.',
    );
  }
  if (bytes.length < WIM_HEADER_SIZE || !bytes.subarray(0, 8).equals(MAGIC)) {
    throw invalid(source, 'it is not a WIM or ESD file (no "MSWIM" signature)');
  }
  const headerSize = bytes.readUInt32LE(8);
  if (headerSize !== WIM_HEADER_SIZE) throw invalid(source, `its WIM header size is ${headerSize}, not 208`);
  const flags = bytes.readUInt32LE(16);
  const version = bytes.readUInt32LE(12);
  const header: WimHeader = {
    version,
    flags,
    compression: compressionOf(flags),
    solid: version === SOLID_VERSION,
    chunkSize: bytes.readUInt32LE(20),
    partNumber: bytes.readUInt16LE(40),
    totalParts: bytes.readUInt16LE(42),
    imageCount: bytes.readUInt32LE(44),
    xml: parseResource(bytes, 72),
    bootIndex: bytes.readUInt32LE(120),
  };
  if (flags & HeaderFlag.WriteInProgress) {
    throw invalid(source, 'it is marked as being written (an interrupted capture left it incomplete)');
  }
  if (header.partNumber < 1 || header.partNumber > header.totalParts) {
    throw invalid(source, `its header says part ${header.partNumber} of ${header.totalParts}`);
  }
  if (header.xml.size === 0) throw invalid(source, 'it has no XML data (its image list)');
  if (header.xml.flags & RESOURCE_COMPRESSED) {
    throw invalid(
      source,
      'its XML data is compressed, which no WIM writer does; the file is damaged or unsupported',
    );
  }
  const length = header.xml.originalSize || header.xml.size;
  if (length > MAX_XML_BYTES) {
    throw invalid(source, `its header gives the XML data an impossible size (${length} bytes)`);
  }
  return header;
}

/** A resource header: 7-byte size, flags byte, 8-byte offset, 8-byte original size. */
function parseResource(bytes: Buffer, at: number): WimResource {
  return {
    size: bytes.readUIntLE(at, 6) + (bytes[at + 6] ?? 0) * 2 ** 48,
    flags: bytes[at + 7] ?? 0,
    offset: toSafeNumber(bytes.readBigUInt64LE(at + 8)),
    originalSize: toSafeNumber(bytes.readBigUInt64LE(at + 16)),
  };
}

function toSafeNumber(value: bigint): number {
  // Beyond 2^53 nothing is addressable anyway: make it large enough to fail the bounds checks.
  return value > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(value);
}

function compressionOf(flags: number): WimCompression {
  if (!(flags & HeaderFlag.Compression)) return 'none';
  if (flags & HeaderFlag.Lzms) return 'lzms';
  if (flags & HeaderFlag.Lzx) return 'lzx';
  if (flags & HeaderFlag.Xpress) return 'xpress';
  return 'unknown';
}

/** Pure: the XML data as text: UTF-16LE (with a byte order mark, as every writer puts one). */
export function decodeWimXml(data: Buffer): string {
  if (data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf) return data.toString('utf8', 3);
  const start = data[0] === 0xff && data[1] === 0xfe ? 2 : 0;
  return data.toString('utf16le', start).replace(/\0+$/, '');
}

/** Pure: the images described by a WIM's XML document, by index. */
export function parseWimXml(xml: string, source: string): WimImage[] {
  let root: XmlElement;
  try {
    root = parseXml(xml);
  } catch (error) {
    if (error instanceof XmlSyntaxError) throw invalid(source, `its XML data is malformed: ${error.message}`);
    throw error;
  }
  if (root.name !== 'WIM') throw invalid(source, `its XML data has the root <${root.name}>, not <WIM>`);
  if (findElement(root, 'ESD/ENCRYPTED')) {
    throw invalid(
      source,
      'it is an encrypted ESD, which cannot be read',
      'Use an ISO made by the Media Creation Tool or downloaded from Microsoft, whose install.esd is not encrypted.',
    );
  }
  const images = childElements(root, 'IMAGE').map((element) => parseImage(element, source));
  images.sort((a, b) => a.index - b.index);
  for (const [i, image] of images.entries()) {
    if (image.index !== i + 1)
      throw invalid(source, `its XML data numbers the images ${listIndexes(images)}, not 1…N`);
  }
  return images;
}

function listIndexes(images: WimImage[]): string {
  return images.map((image) => image.index).join(', ');
}

function parseImage(element: XmlElement, source: string): WimImage {
  const index = parseInteger(element.attributes.INDEX ?? element.attributes.index);
  if (index === undefined || index < 1)
    throw invalid(source, 'its XML data has an IMAGE without a valid INDEX');
  const text = (path: string): string | undefined => elementText(element, path);
  const number = (path: string): number | undefined => parseInteger(text(path));
  const installationType = text('WINDOWS/INSTALLATIONTYPE');
  const archCode = number('WINDOWS/ARCH');
  const major = number('WINDOWS/VERSION/MAJOR');
  const minor = number('WINDOWS/VERSION/MINOR');
  const build = number('WINDOWS/VERSION/BUILD');
  const languages = findElement(element, 'WINDOWS/LANGUAGES');
  const image: WimImage = {
    index,
    name: text('NAME') ?? '',
    description: text('DESCRIPTION'),
    displayName: text('DISPLAYNAME'),
    displayDescription: text('DISPLAYDESCRIPTION'),
    flags: text('FLAGS'),
    editionId: text('WINDOWS/EDITIONID'),
    installationType,
    server: /^server/i.test(installationType ?? ''),
    productName: text('WINDOWS/PRODUCTNAME'),
    productType: text('WINDOWS/PRODUCTTYPE'),
    arch: archCode === undefined ? undefined : ARCH_NAMES[archCode],
    archCode,
    version:
      major !== undefined && minor !== undefined && build !== undefined
        ? {
            major,
            minor,
            build,
            spBuild: number('WINDOWS/VERSION/SPBUILD'),
            spLevel: number('WINDOWS/VERSION/SPLEVEL'),
          }
        : undefined,
    languages: languages
      ? childElements(languages, 'LANGUAGE')
          .map((language) => language.text.trim())
          .filter(Boolean)
      : [],
    defaultLanguage: text('WINDOWS/LANGUAGES/DEFAULT'),
    totalBytes: number('TOTALBYTES'),
  };
  // Leave out what the XML does not say, so images compare and print cleanly.
  return withoutUndefined({ ...image, version: image.version && withoutUndefined(image.version) });
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}

/** Decimal or 0x-hex; undefined for anything else. */
function parseInteger(value: string | undefined): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^[0-9]+$/.test(text)) return Number(text);
  if (/^0x[0-9a-f]+$/i.test(text)) return Number.parseInt(text.slice(2), 16);
  return undefined;
}

function invalid(source: string, problem: string, hint?: string): BuildError {
  return new BuildError('input-invalid', `${source}: ${problem}`, {
    hint:
      hint ??
      'The Windows image is damaged or not a WIM/ESD; download the ISO again and compare its checksum.',
  });
}
