/** Looking at screenshots in tests: decoded pixels, colours, and OCR with Debian's tesseract-ocr. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { decodePng, encodePng, type Pixels } from '../../src/tools/png.js';

export function readPng(file: string): Pixels {
  return decodePng(readFileSync(file));
}

/** How many different colours the picture has (a blank screen has one). */
export function colourCount(image: Pixels): number {
  const seen = new Set<number>();
  for (let at = 0; at < image.data.length; at += image.channels) {
    seen.add(image.data.readUIntBE(at, Math.min(3, image.channels)));
  }
  return seen.size;
}

/**
 * Grey, dark text on light, scaled up `factor` times (nearest neighbour): the console's 8x16 font is too small
 * and light-on-dark for OCR as it is.
 */
export function forOcr(image: Pixels, factor = 3): Pixels {
  const { width, height, channels, data } = image;
  const grey = Buffer.alloc(width * height);
  for (let i = 0; i < width * height; i++) {
    const at = i * channels;
    const level = channels >= 3 ? (data[at]! * 3 + data[at + 1]! * 6 + data[at + 2]!) / 10 : data[at]!;
    // Any lit pixel is text (white, grey, or the title bar's white on blue): black on white.
    grey[i] = level > 100 ? 0 : 255;
  }
  const out = Buffer.alloc(width * factor * height * factor);
  for (let y = 0; y < height * factor; y++) {
    for (let x = 0; x < width * factor; x++) {
      out[y * width * factor + x] = grey[Math.floor(y / factor) * width + Math.floor(x / factor)]!;
    }
  }
  return { width: width * factor, height: height * factor, channels: 1, data: out };
}

/** The text tesseract reads in a screenshot (after forOcr). */
export function ocr(file: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ocr-'));
  try {
    const input = path.join(dir, 'screen.png');
    writeFileSync(input, encodePng(forOcr(readPng(file))));
    return execFileSync('tesseract', [input, 'stdout'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
