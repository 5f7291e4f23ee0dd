/** The PNG encoder/decoder and the PPM conversion for QEMU before 7.1 (screendump without PNG). */
import { describe, expect, it } from '@jest/globals';
import { deflateSync } from 'node:zlib';
import { decodePng, decodePpm, encodePng, ppmToPng, type Pixels } from '../../src/tools/png.js';
import { screendumpTakesPng } from '../../src/tools/screendump.js';

function gradient(width: number, height: number): Pixels {
  const data = Buffer.alloc(width * height * 3);
  for (let i = 0; i < data.length; i++) data[i] = (i * 7 + (i % 5) * 31) & 0xff;
  return { width, height, channels: 3, data };
}

describe('PNG', () => {
  it('round-trips RGB pixels through the encoder and the decoder', () => {
    const image = gradient(37, 11);
    const png = encodePng(image);
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(decodePng(png)).toEqual(image);
  });

  it('decodes every row filter (sub, up, average, Paeth), as other encoders write them', () => {
    // 2x5 RGB, one row per filter type, built by hand from known pixel values.
    const pixels = gradient(2, 5);
    const stride = 6;
    const at = (x: number, y: number): number => (x < 0 || y < 0 ? 0 : pixels.data[y * stride + x]!);
    const paeth = (a: number, b: number, c: number): number => {
      const p = a + b - c;
      const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
      return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    };
    const raw: number[] = [];
    for (let y = 0; y < 5; y++) {
      raw.push(y);
      for (let x = 0; x < stride; x++) {
        const [left, up, upLeft] = [at(x - 3, y), at(x, y - 1), at(x - 3, y - 1)];
        const predicted = [0, left, up, (left + up) >> 1, paeth(left, up, upLeft)][y]!;
        raw.push((at(x, y) - predicted) & 0xff);
      }
    }
    const normal = encodePng(pixels);
    // Swap the IDAT of a normal file for the filtered one (same header).
    const idatAt = normal.indexOf('IDAT', 0, 'latin1') - 4;
    const body = deflateSync(Buffer.from(raw));
    const idat = Buffer.alloc(12 + body.length);
    idat.writeUInt32BE(body.length, 0);
    idat.write('IDAT', 4, 'latin1');
    body.copy(idat, 8);
    const png = Buffer.concat([
      normal.subarray(0, idatAt),
      idat,
      Buffer.from([0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0, 0, 0, 0]),
    ]);
    expect(decodePng(png).data).toEqual(pixels.data);
  });

  it('refuses what is not a PNG it reads', () => {
    expect(() => decodePng(Buffer.from('P6 1 1 255\n...'))).toThrow(/no PNG signature/);
  });
});

describe('PPM (QEMU < 7.1) to PNG', () => {
  it('converts a P6 image with a comment in its header to a PNG of the same pixels', () => {
    const pixels = Buffer.from([255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30]);
    const ppm = Buffer.concat([Buffer.from('P6\n# made by QEMU\n2 2\n255\n', 'latin1'), pixels]);
    expect(decodePpm(ppm)).toEqual({ width: 2, height: 2, channels: 3, data: pixels });
    expect(decodePng(ppmToPng(ppm))).toEqual({ width: 2, height: 2, channels: 3, data: pixels });
  });

  it('refuses a truncated or 16-bit PPM', () => {
    expect(() => decodePpm(Buffer.from('P6 2 2 255\nabc', 'latin1'))).toThrow(/too short/);
    expect(() => decodePpm(Buffer.from('P6 1 1 65535\nabcdef', 'latin1'))).toThrow(/maxval 255/);
  });

  it('asks QEMU for PNG from 7.1 on, PPM before (and when the greeting had no version)', () => {
    expect(screendumpTakesPng({ major: 7, minor: 2, micro: 0 })).toBe(true);
    expect(screendumpTakesPng({ major: 7, minor: 1, micro: 0 })).toBe(true);
    expect(screendumpTakesPng({ major: 8, minor: 0, micro: 0 })).toBe(true);
    expect(screendumpTakesPng({ major: 7, minor: 0, micro: 0 })).toBe(false);
    expect(screendumpTakesPng({ major: 6, minor: 2, micro: 0 })).toBe(false);
    expect(screendumpTakesPng(undefined)).toBe(false);
  });
});
