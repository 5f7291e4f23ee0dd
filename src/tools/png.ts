/**
 * Just enough PNG for screenshots, pure and in-process: QEMU before 7.1 dumps the screen only as PPM (P6), which
 * is turned into PNG here; and a decoder for 8-bit, non-interlaced images (what QEMU and this encoder write), so
 * that identical frames are recognised by their pixels and tests can look at them.
 */
import { deflateSync, inflateSync } from 'node:zlib';

/** An image as 8-bit channels, row after row (3 channels: RGB, 4: RGBA, 1: grey). */
export interface Pixels {
  width: number;
  height: number;
  channels: 1 | 3 | 4;
  data: Buffer;
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const CHANNELS: Record<number, Pixels['channels']> = { 0: 1, 2: 3, 6: 4 };
const COLOR_TYPE: Record<Pixels['channels'], number> = { 1: 0, 3: 2, 4: 6 };

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

export function encodePng(image: Pixels): Buffer {
  const { width, height, channels, data } = image;
  const stride = width * channels;
  if (data.length !== stride * height)
    throw new Error(`PNG: ${data.length} bytes for ${width}x${height}x${channels}`);
  // Filter type 0 (none) on every row: screenshots are large flat areas that deflate well without filters.
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) data.copy(raw, y * (stride + 1) + 1, y * stride, (y + 1) * stride);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, COLOR_TYPE[channels], 0, 0, 0], 8);
  return Buffer.concat([
    SIGNATURE,
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

function predictor(filter: number, left: number, up: number, upLeft: number): number {
  switch (filter) {
    case 0:
      return 0;
    case 1:
      return left;
    case 2:
      return up;
    case 3:
      return (left + up) >> 1;
    case 4:
      return paeth(left, up, upLeft);
    default:
      throw new Error(`PNG: unknown filter ${filter}`);
  }
}

/** Decodes an 8-bit grey, RGB or RGBA PNG without interlacing; throws on anything else. */
export function decodePng(png: Buffer): Pixels {
  if (png.length < 8 || !png.subarray(0, 8).equals(SIGNATURE)) throw new Error('PNG: no PNG signature');
  let width = 0;
  let height = 0;
  let channels: Pixels['channels'] | undefined;
  const idat: Buffer[] = [];
  for (let at = 8; at + 8 <= png.length;) {
    const length = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    const body = png.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      channels = CHANNELS[body[9]!];
      if (body[8] !== 8 || !channels || body[12] !== 0)
        throw new Error(
          `PNG: bit depth ${body[8]}, colour type ${body[9]}, interlace ${body[12]} not supported`,
        );
    } else if (type === 'IDAT') idat.push(body);
    else if (type === 'IEND') break;
    at += 12 + length;
  }
  if (!channels) throw new Error('PNG: no IHDR');
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  if (raw.length < (stride + 1) * height) throw new Error('PNG: image data too short');
  const data = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const row = y * stride;
    for (let x = 0; x < stride; x++) {
      const value = raw[y * (stride + 1) + 1 + x]!;
      const left = x >= channels ? data[row + x - channels]! : 0;
      const up = y > 0 ? data[row - stride + x]! : 0;
      const upLeft = y > 0 && x >= channels ? data[row - stride + x - channels]! : 0;
      data[row + x] = (value + predictor(filter!, left, up, upLeft)) & 0xff;
    }
  }
  return { width, height, channels, data };
}

/** A binary PPM (P6, maxval 255) → its pixels; QEMU's screendump format before PNG. */
export function decodePpm(ppm: Buffer): Pixels {
  // The header is "P6", width, height, maxval, separated by whitespace (comments start with #), then one byte.
  const fields: string[] = [];
  let at = 0;
  while (fields.length < 4 && at < ppm.length) {
    const byte = ppm[at]!;
    if (byte === 0x23) {
      while (at < ppm.length && ppm[at] !== 0x0a) at++;
    } else if (/\s/.test(String.fromCharCode(byte))) {
      at++;
    } else {
      let end = at;
      while (end < ppm.length && !/\s/.test(String.fromCharCode(ppm[end]!))) end++;
      fields.push(ppm.toString('latin1', at, end));
      at = end;
    }
  }
  const [magic, w, h, max] = fields;
  if (magic !== 'P6' || max !== '255')
    throw new Error(`PPM: not a P6 image with maxval 255 (${fields.join(' ')})`);
  const width = Number(w);
  const height = Number(h);
  const data = ppm.subarray(at + 1, at + 1 + width * height * 3);
  if (!(width > 0 && height > 0) || data.length !== width * height * 3)
    throw new Error('PPM: image data too short');
  return { width, height, channels: 3, data: Buffer.from(data) };
}

export function ppmToPng(ppm: Buffer): Buffer {
  return encodePng(decodePpm(ppm));
}
