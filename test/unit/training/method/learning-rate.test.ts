import { describe, expect, it } from 'vitest';
import { presets } from '../../../../src/training/config.ts';
import { learningRateAt } from '../../../../src/training/method/learning-rate.ts';

describe('learningRateAt', () => {
  const train = presets.paper.train;

  it('holds the rate for an epoch, then multiplies it by the decay', () => {
    expect(learningRateAt(0, train)).toBe(1e-2);
    expect(learningRateAt(299, train)).toBe(1e-2);
    expect(learningRateAt(300, train)).toBeCloseTo(9e-3, 12);
    expect(learningRateAt(899, train)).toBeCloseTo(1e-2 * 0.81, 12);
    expect(learningRateAt(900, train)).toBeCloseTo(1e-2 * 0.729, 12);
  });

  it('rejects a negative or fractional step', () => {
    expect(() => learningRateAt(-1, train)).toThrow(RangeError);
    expect(() => learningRateAt(1.5, train)).toThrow(/training step must be an integer >= 0, got 1.5/);
  });
});
