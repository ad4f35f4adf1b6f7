import { describe, expect, it } from 'vitest';
import { cellAt, featureCell, gridPoint, modelRegion, sampleCentre } from '../../../src/runtime-common/model-region.ts';
import { resizeToSquare, type FitMode } from '../../../src/runtime-common/preprocess.ts';

/** A grey ramp along one axis: pixel i (centre i + 0.5) holds the value i, so a resampled value names its sampling position. */
function ramp(width: number, height: number, axis: 'x' | 'y') {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.fill(axis === 'x' ? x : y, (y * width + x) * 3, (y * width + x + 1) * 3);
  return { data, width, height, channels: 3 as const };
}

describe('modelRegion', () => {
  it('is the whole picture for fill and the centred square for cover, at fractional pixels for an odd margin', () => {
    expect(modelRegion(40, 20, 'fill')).toEqual({ x: 0, y: 0, width: 40, height: 20 });
    expect(modelRegion(40, 20, 'cover')).toEqual({ x: 10, y: 0, width: 20, height: 20 });
    expect(modelRegion(15, 30, 'cover')).toEqual({ x: 0, y: 7.5, width: 15, height: 15 });
    expect(modelRegion(33, 16, 'cover')).toEqual({ x: 8.5, y: 0, width: 16, height: 16 });
  });
});

describe('featureCell and cellAt', () => {
  it('tile the region with h x w cells; a point belongs to the cell whose rectangle holds it', () => {
    const region = modelRegion(45, 21, 'cover'); // x 12, width 21
    const cell = featureCell(region, 3, 7, 1, 2);
    expect(cell.x).toBeCloseTo(12 + 6, 12);
    expect(cell.y).toBeCloseTo(7, 12);
    expect(cell.width).toBeCloseTo(3, 12);
    expect(cell.height).toBeCloseTo(7, 12);
    expect(cellAt(region, 3, 7, cell.x + 0.01, cell.y + 0.01)).toBe(1 * 7 + 2);
    expect(cellAt(region, 3, 7, cell.x - 0.01, cell.y + 0.01)).toBe(1 * 7 + 1);
    expect(cellAt(region, 3, 7, 11.99, 10)).toBe(-1);
    expect(cellAt(region, 3, 7, 33, 10)).toBe(-1);
    expect(gridPoint(region, 3, 7, cell.x + cell.width / 2, cell.y + cell.height / 2)).toEqual({ gx: 2, gy: 1 });
  });
});

/**
 * The pre-processing samples a ramp at exactly the shared sampling positions, and the cell edges of the shared
 * function lie half-way between the samples of the model pixels either side of each feature-cell boundary:
 * the cells an overlay draws are the pixels the model's cells were computed from. Odd, non-square pictures at
 * integer scales (where a triangle filter reproduces a ramp exactly away from the picture's borders).
 */
describe.each<[FitMode, number, number, number, number]>([
  // fit, width, height, model size, grid side
  ['cover', 33, 16, 16, 4], // x margin 8.5, scale 1
  ['cover', 32, 65, 16, 4], // y margin 16.5, scale 2
  ['fill', 45, 75, 15, 5], // scales 3 and 5
])('the crop rule under %s for a %i x %i picture', (fit, width, height, size, grid) => {
  const region = modelRegion(width, height, fit);
  const stride = size / grid;
  for (const axis of ['x', 'y'] as const) {
    it(`puts every cell edge along ${axis} where the pre-processing samples put it`, () => {
      const out = resizeToSquare(ramp(width, height, axis), size, fit);
      const [start, span, limit] = axis === 'x' ? [region.x, region.width, width] : [region.y, region.height, height];
      const support = Math.max(span / size, 1);
      /** Where the resampler sampled model pixel i, read back from the ramp. */
      const measured = (i: number) => 255 * out[(axis === 'x' ? i : i * size) * 3]! + 0.5;
      const unclipped = (i: number) => sampleCentre(start, span, size, i) - support >= 0 && sampleCentre(start, span, size, i) + support <= limit;
      let checked = 0;
      for (let i = 0; i < size; i++) {
        if (!unclipped(i)) continue;
        expect(Math.abs(measured(i) - sampleCentre(start, span, size, i)), `model pixel ${i}`).toBeLessThan(1e-4);
      }
      for (let boundary = 1; boundary < grid; boundary++) {
        const before = boundary * stride - 1;
        if (!unclipped(before) || !unclipped(before + 1)) continue;
        const cell = axis === 'x' ? featureCell(region, grid, grid, 0, boundary) : featureCell(region, grid, grid, boundary, 0);
        const edge = axis === 'x' ? cell.x : cell.y;
        expect(Math.abs(edge - (measured(before) + measured(before + 1)) / 2), `cell boundary ${boundary}`).toBeLessThan(1e-4);
        checked++;
      }
      expect(checked).toBeGreaterThan(0);
    });
  }
});
