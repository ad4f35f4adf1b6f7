import { describe, expect, it } from 'vitest';
import { sampleBilinear } from '../../../src/runtime-common/sample-bilinear.ts';

describe('sampleBilinear', () => {
  const grid = [0, 1, 2, 3]; // 2 x 2

  it('returns cell values at cell centres, interpolates between, and clamps outside', () => {
    expect(sampleBilinear(grid, 2, 2, 0, 0)).toBe(0);
    expect(sampleBilinear(grid, 2, 2, 1, 1)).toBe(3);
    expect(sampleBilinear(grid, 2, 2, 0.5, 0.5)).toBeCloseTo(1.5, 12);
    expect(sampleBilinear(grid, 2, 2, 0.25, 0)).toBeCloseTo(0.25, 12);
    expect(sampleBilinear(grid, 2, 2, -3, 5)).toBe(2);
  });

  it('reads one channel of interleaved values', () => {
    const rgb = [0, 10, 20, 2, 12, 22]; // 1 x 2 grid, 3 channels
    expect(sampleBilinear(rgb, 1, 2, 0.5, 0, 3, 1)).toBeCloseTo(11, 12);
    expect(sampleBilinear(rgb, 1, 2, 1, 0, 3, 2)).toBe(22);
  });
});
