import { describe, expect, it } from 'vitest';
import { StridePlan } from '../../../../src/training/backbones/stride-plan.ts';

/** Five stride-2 stages with stride-1 stages between, as in both backbones. */
function walk(outputStride: number): Array<{ stride: number; dilation: number }> {
  const plan = new StridePlan(outputStride);
  return [2, 2, 1, 2, 1, 2, 1, 2, 1].map((stride) => plan.next(stride));
}

describe('StridePlan', () => {
  it('keeps every stride at output stride 32', () => {
    expect(walk(32).every(({ dilation }) => dilation === 1)).toBe(true);
    expect(walk(32).map(({ stride }) => stride)).toEqual([2, 2, 1, 2, 1, 2, 1, 2, 1]);
  });

  it('drops the fifth stride at 16: that stage runs at rate 1, the later ones at rate 2', () => {
    expect(walk(16).slice(-2)).toEqual([
      { stride: 1, dilation: 1 },
      { stride: 1, dilation: 2 },
    ]);
  });

  it('drops the fourth and fifth strides at 8, doubling the rate after each', () => {
    expect(walk(8)).toEqual([
      { stride: 2, dilation: 1 },
      { stride: 2, dilation: 1 },
      { stride: 1, dilation: 1 },
      { stride: 2, dilation: 1 },
      { stride: 1, dilation: 1 },
      { stride: 1, dilation: 1 },
      { stride: 1, dilation: 2 },
      { stride: 1, dilation: 2 },
      { stride: 1, dilation: 4 },
    ]);
  });
});
