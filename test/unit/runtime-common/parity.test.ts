import { describe, expect, it } from 'vitest';
import { compareMask, compareOutput, toleranceFor } from '../../../src/runtime-common/parity.ts';

describe('compareOutput', () => {
  it('reports max abs/rel difference and passes within tolerance', () => {
    const result = compareOutput('prob', [0.5, 0.25, 1], [0.50005, 0.25, 0.99995], { abs: 1e-4 });
    expect(result.pass).toBe(true);
    expect(result.firstBad).toBe(-1);
    expect(result.maxAbs).toBeCloseTo(5e-5, 9);
    expect(result.maxRel).toBeCloseTo(1e-4, 6);
  });

  it('names the first bad index and shows the values there', () => {
    const result = compareOutput('attention', [0, 0.1, 0.2, 0.3], [0, 0.1, 0.21, 0.4], { abs: 1e-3 });
    expect(result.pass).toBe(false);
    expect(result.firstBad).toBe(2);
    expect(result.maxAbs).toBeCloseTo(0.1, 6);
    expect(result.samples[0]).toEqual({ index: 2, expected: 0.2, actual: 0.21 });
  });

  it('fails on NaN and on a length mismatch', () => {
    expect(compareOutput('x', [1, 2], [1, NaN], { abs: 1 }).pass).toBe(false);
    expect(compareOutput('x', [1, 2], [1], { abs: 1 }).pass).toBe(false);
  });

  it('uses the looser tolerance for GPU execution providers', () => {
    expect(toleranceFor('cpu').abs).toBe(1e-4);
    expect(toleranceFor('wasm').abs).toBe(1e-4);
    expect(toleranceFor('webgpu').abs).toBe(1e-3);
  });
});

describe('compareMask', () => {
  // k = 2 of 4; reference attention has the 2nd and 3rd values 0.00005 apart.
  const attention = [0.5, 0.25, 0.24995, 0.0];
  const reference = [0, 0, 1, 1];

  it('passes identical masks', () => {
    const result = compareMask(reference, [0, 0, 1, 1], attention, 4, 2, 'high', { abs: 1e-4 });
    expect(result).toMatchObject({ mismatches: 0, boundaryFlips: 0, pass: true });
  });

  it('counts a flip at the k-th value within tolerance as a boundary flip, not a failure', () => {
    const result = compareMask(reference, [0, 1, 0, 1], attention, 4, 2, 'high', { abs: 1e-4 });
    expect(result).toMatchObject({ mismatches: 2, boundaryFlips: 2, pass: true });
  });

  it('fails a flip far from the boundary', () => {
    const result = compareMask(reference, [1, 0, 1, 0], attention, 4, 2, 'high', { abs: 1e-4 });
    expect(result.pass).toBe(false);
    expect(result.firstBad).toBe(0);
  });

  it('allows no flips for a random mask', () => {
    const result = compareMask(reference, [0, 1, 0, 1], attention, 4, 2, 'random', { abs: 1e-4 });
    expect(result.pass).toBe(false);
  });
});
