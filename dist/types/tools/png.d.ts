/** An image as 8-bit channels, row after row (3 channels: RGB, 4: RGBA, 1: grey). */
export interface Pixels {
    width: number;
    height: number;
    channels: 1 | 3 | 4;
    data: Buffer;
}
export declare function encodePng(image: Pixels): Buffer;
/** Decodes an 8-bit grey, RGB or RGBA PNG without interlacing; throws on anything else. */
export declare function decodePng(png: Buffer): Pixels;
/** A binary PPM (P6, maxval 255) → its pixels; QEMU's screendump format before PNG. */
export declare function decodePpm(ppm: Buffer): Pixels;
export declare function ppmToPng(ppm: Buffer): Buffer;
