import { describe, expect, it } from 'vitest';
import { resizeToSquare, toNchw, type DecodedImage } from '../../../src/runtime-common/preprocess.ts';

function image(width: number, height: number, channels: 3 | 4, pixel: (x: number, y: number) => number[]): DecodedImage {
  const data = new Uint8Array(width * height * channels);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) data.set(pixel(x, y).slice(0, channels), (y * width + x) * channels);
  }
  return { data, width, height, channels };
}

describe('resizeToSquare', () => {
  it('keeps an image of the target size unchanged, scaled to [0, 1]', () => {
    const source = image(4, 4, 3, (x, y) => [x * 60, y * 60, 255]);
    const out = resizeToSquare(source, 4, 'fill');
    expect(out.length).toBe(4 * 4 * 3);
    expect(out[(2 * 4 + 3) * 3]).toBeCloseTo(180 / 255, 6);
    expect(out[(2 * 4 + 3) * 3 + 1]).toBeCloseTo(120 / 255, 6);
    expect(out[(2 * 4 + 3) * 3 + 2]).toBeCloseTo(1, 6);
    // Exactly pixel / 255 in float32, every value: at scale 1 only the centre tap is left.
    expect(Array.from(out)).toEqual(Array.from(source.data, (v) => Math.fround(v / 255)));
  });

  it('averages a 2x2 checkerboard to grey when halving (antialiased)', () => {
    const source = image(8, 8, 3, (x, y) => ((x + y) % 2 === 0 ? [255, 255, 255] : [0, 0, 0]));
    const out = resizeToSquare(source, 4, 'fill');
    // Interior pixels see a symmetric triangle over alternating values: exactly half.
    expect(out[(1 * 4 + 1) * 3]).toBeCloseTo(0.5, 6);
    for (const value of out) expect(value).toBeGreaterThan(0.3);
  });

  it('keeps a constant colour constant at any scale, and ignores alpha', () => {
    const source = image(37, 23, 4, () => [10, 200, 90, 0]);
    for (const size of [8, 23, 64]) {
      const out = resizeToSquare(source, size, 'fill');
      for (let i = 0; i < out.length; i += 3) {
        expect(out[i]).toBeCloseTo(10 / 255, 6);
        expect(out[i + 1]).toBeCloseTo(200 / 255, 6);
        expect(out[i + 2]).toBeCloseTo(90 / 255, 6);
      }
    }
  });

  it('cover crops the centre of a wide image; fill keeps the edges', () => {
    // Left and right quarters red, centre half blue.
    const source = image(16, 8, 3, (x) => (x < 4 || x >= 12 ? [255, 0, 0] : [0, 0, 255]));
    const cover = resizeToSquare(source, 8, 'cover');
    const fill = resizeToSquare(source, 8, 'fill');
    expect(cover[(4 * 8 + 0) * 3 + 2]).toBeCloseTo(1, 6); // leftmost column of the crop is blue
    expect(fill[(4 * 8 + 0) * 3]).toBeCloseTo(1, 6); // leftmost column stretched is red
  });
});

describe('toNchw', () => {
  it('moves HWC RGB into planes per image', () => {
    const a = new Float32Array([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 0.0, 0.5]);
    const b = a.map((v) => 1 - v);
    const out = toNchw([a, b], 2);
    expect(Array.from(out.subarray(0, 4))).toEqual(Array.from(new Float32Array([0.1, 0.4, 0.7, 1.0])));
    expect(Array.from(out.subarray(8, 12))).toEqual(Array.from(new Float32Array([0.3, 0.6, 0.9, 0.5])));
    expect(out[12]).toBeCloseTo(0.9, 6);
    expect(out.length).toBe(2 * 3 * 4);
  });
});
