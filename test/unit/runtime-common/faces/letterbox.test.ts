import { describe, expect, it } from 'vitest';
import { letterbox } from '../../../../src/runtime-common/faces/letterbox.ts';
import { resizeToSquare, type DecodedImage } from '../../../../src/runtime-common/preprocess.ts';

function image(width: number, height: number, pixel: (x: number, y: number) => [number, number, number]): DecodedImage {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set(pixel(x, y), (y * width + x) * 3);
  return { data, width, height, channels: 3 };
}

describe('letterbox', () => {
  it('is the model pre-processing exactly when the photo is already square', () => {
    const square = image(50, 50, (x, y) => [x * 5, y * 5, (x * y) % 256]);
    expect(Array.from(letterbox(square, 16))).toEqual(Array.from(resizeToSquare(square, 16, 'fill')));
  });

  it('pads a wide photo at the bottom with black, keeping its aspect: a 40 x 20 photo fills the top half of 8 x 8', () => {
    const wide = image(40, 20, () => [255, 255, 255]);
    const out = letterbox(wide, 8);
    const row = (y: number) => Array.from(out.subarray(y * 8 * 3, (y + 1) * 8 * 3));
    for (const y of [0, 1, 2]) expect(row(y).every((value) => Math.abs(value - 1) < 1e-6), `row ${y}`).toBe(true);
    for (const y of [5, 6, 7]) expect(row(y).every((value) => value === 0), `row ${y}`).toBe(true);
    // The row on the edge averages photo and padding.
    expect(row(3)[0]).toBeGreaterThan(0);
    expect(row(4)[0]).toBeLessThan(1);
  });

  it('pads a tall photo on the right', () => {
    const tall = image(10, 40, () => [200, 100, 50]);
    const out = letterbox(tall, 8);
    expect(Array.from(out.subarray(0, 3)).map((v) => Math.round(v * 255))).toEqual([200, 100, 50]);
    expect(Array.from(out.subarray(7 * 3, 8 * 3))).toEqual([0, 0, 0]);
  });
});
