import { describe, expect, it } from 'vitest';
import { mean, sampleStandardDeviation, tInterval } from '../../../../src/experiment/statistics/t-interval.ts';

describe('tInterval', () => {
  it('three values: mean 2, s 1, half-width t(0.975, 2) / sqrt(3)', () => {
    const interval = tInterval([1, 2, 3]);
    expect(interval.n).toBe(3);
    expect(interval.mean).toBe(2);
    expect(interval.standardDeviation).toBe(1);
    expect(interval.halfWidth).toBeCloseTo(4.302652730 / Math.sqrt(3), 8);
    expect(interval.low).toBeCloseTo(2 - 2.484138, 6);
    expect(interval.high).toBeCloseTo(2 + 2.484138, 6);
  });

  it('five AUCs: s = sqrt(0.001), half-width t(0.975, 4) * s / sqrt(5) = 2.776445 * 0.01414214', () => {
    const interval = tInterval([0.8, 0.84, 0.82, 0.78, 0.86]);
    expect(interval.mean).toBeCloseTo(0.82, 12);
    expect(interval.standardDeviation).toBeCloseTo(Math.sqrt(0.001), 12);
    expect(interval.halfWidth).toBeCloseTo(0.03926486, 7);
  });

  it('a 90% interval is narrower: t(0.95, 2) = 2.919986', () => {
    expect(tInterval([1, 2, 3], 0.9).halfWidth).toBeCloseTo(2.919986 / Math.sqrt(3), 6);
  });

  it('equal values give a zero-width interval', () => {
    expect(tInterval([0.5, 0.5, 0.5])).toMatchObject({ mean: 0.5, standardDeviation: 0, halfWidth: 0, low: 0.5, high: 0.5 });
  });

  it('one value: the mean, and no interval', () => {
    expect(tInterval([0.7])).toEqual({ n: 1, mean: 0.7, standardDeviation: null, halfWidth: null, low: null, high: null });
  });

  it('refuses no values, a non-finite one and a level outside (0, 1)', () => {
    expect(() => mean([])).toThrow(/mean: needs at least 1 value, got none/);
    expect(() => tInterval([0.5, Number.NaN])).toThrow(/values must be finite numbers, got NaN at index 1/);
    expect(() => sampleStandardDeviation([1])).toThrow(/needs at least 2 values, got 1/);
    expect(() => tInterval([1, 2], 95)).toThrow(/level must be a number > 0 and < 1, got 95/);
  });
});
