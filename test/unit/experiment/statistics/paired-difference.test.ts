import { describe, expect, it } from 'vitest';
import { pairedDifference } from '../../../../src/experiment/statistics/paired-difference.ts';
import { tInterval } from '../../../../src/experiment/statistics/t-interval.ts';

const byKey = (entries: Record<string, number>) => new Map(Object.entries(entries));

describe('pairedDifference', () => {
  it('pairs by key, skipping keys only one side has: differences 0.05, 0.02, 0.05', () => {
    const difference = pairedDifference(byKey({ 0: 0.9, 1: 0.8, 2: 0.85, 5: 0.1 }), byKey({ 2: 0.8, 1: 0.78, 0: 0.85, 3: 0.7 }))!;
    expect(difference.pairs).toEqual(['0', '1', '2']);
    expect(difference.n).toBe(3);
    expect(difference.mean).toBeCloseTo(0.04, 12);
    expect(difference.standardDeviation).toBeCloseTo(Math.sqrt(0.0003), 12);
    // t(0.975, 2) * sqrt(0.0003) / sqrt(3) = 4.302653 * 0.01
    expect(difference.halfWidth).toBeCloseTo(0.04302653, 7);
  });

  it('is narrower than the unpaired spread when a seed moves both runs together', () => {
    const treatment = byKey({ 0: 0.62, 1: 0.81, 2: 0.7 });
    const baseline = byKey({ 0: 0.6, 1: 0.78, 2: 0.69 });
    const paired = pairedDifference(treatment, baseline)!;
    expect(paired.halfWidth!).toBeLessThan(tInterval([...treatment.values()]).halfWidth! / 5);
  });

  it('one pair has no interval; no pair gives null', () => {
    expect(pairedDifference(byKey({ 0: 0.9 }), byKey({ 0: 0.8 }))).toMatchObject({ n: 1, halfWidth: null, pairs: ['0'] });
    expect(pairedDifference(byKey({ 0: 0.9 }), byKey({ 1: 0.8 }))).toBeNull();
  });
});
