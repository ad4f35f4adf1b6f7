import { describe, expect, it } from 'vitest';
import { tQuantile } from '../../../../src/experiment/statistics/t-quantile.ts';

describe('tQuantile', () => {
  // Reference values to 10 digits (R's qt, SciPy's t.ppf); jstat agrees to about 1e-9.
  it.each([
    [0.975, 1, 12.70620474],
    [0.975, 2, 4.302652730],
    [0.975, 4, 2.776445105],
    [0.975, 9, 2.262157163],
    [0.975, 30, 2.042272456],
    [0.995, 10, 3.169272673],
    [0.9, 5, 1.475884049],
  ])('t(%f, df %i) = %f', (p, degreesOfFreedom, expected) => {
    expect(tQuantile(p, degreesOfFreedom)).toBeCloseTo(expected, 6);
  });

  it('is symmetric about 0 and tends to the normal quantile as the degrees of freedom grow', () => {
    expect(tQuantile(0.025, 2)).toBeCloseTo(-4.302652730, 6);
    expect(tQuantile(0.5, 3)).toBeCloseTo(0, 12);
    expect(tQuantile(0.975, 1e6)).toBeCloseTo(1.959966, 5);
  });

  it('refuses a probability outside (0, 1) and degrees of freedom <= 0', () => {
    expect(() => tQuantile(1, 3)).toThrow(/p must be a number > 0 and < 1, got 1$/);
    expect(() => tQuantile(0.975, 0)).toThrow(/degrees of freedom must be a finite number > 0, got 0$/);
  });
});
