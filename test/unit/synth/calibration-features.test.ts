import { describe, expect, it } from 'vitest';
import { featureCount, featureGrid, imageFeatures } from '../../../src/synth/calibration-features.ts';

const size = 32;
const cells = featureGrid * featureGrid;

function flat(value: number): Uint8Array {
  return new Uint8Array(size * size * 3).fill(value);
}

describe('imageFeatures', () => {
  it('gives the mean colour per cell and no high-pass energy for a flat image', () => {
    const features = imageFeatures(flat(51), size);
    expect(features).toHaveLength(featureCount);
    for (let i = 0; i < cells * 3; i++) expect(features[i]).toBeCloseTo(0.2, 6);
    for (let i = cells * 3; i < featureCount; i++) expect(features[i]).toBeCloseTo(Math.log(1e-7), 6);
  });

  it('puts a checkerboard in one cell into that cell\'s fine band and leaves the mean colour', () => {
    const pixels = flat(128);
    const cell = size / featureGrid;
    for (let y = 0; y < cell; y++) {
      for (let x = cell * 2; x < cell * 3; x++) {
        pixels.fill((x + y) % 2 ? 148 : 108, (y * size + x) * 3, (y * size + x) * 3 + 3);
      }
    }
    const features = imageFeatures(pixels, size);
    const fine = Array.from(features.slice(cells * 3, cells * 4));
    const target = 2;
    // Inside the cell a +-20/255 checkerboard minus its 3x3 mean is +-(20/255)(10/9); the cell's edge pixels
    // see the flat surround, so the cell's mean lies between that and the bare amplitude squared / 2.
    const interior = ((20 / 255) * (10 / 9)) ** 2;
    expect(Math.exp(fine[target]!)).toBeLessThan(interior);
    expect(Math.exp(fine[target]!)).toBeGreaterThan(0.5 * (20 / 255) ** 2);
    const neighbours = new Set([1, 3, 9, 10, 11]);
    for (let c = 0; c < cells; c++) {
      if (c !== target && !neighbours.has(c)) expect(fine[c]).toBeCloseTo(Math.log(1e-7), 6);
    }
    expect(features[target * 3]).toBeCloseTo(128 / 255, 6);
  });
});
