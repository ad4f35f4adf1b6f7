import { describe, expect, it } from 'vitest';
import { accuracy } from '../../../../src/training/metrics/accuracy.ts';
import { auc } from '../../../../src/training/metrics/auc.ts';
import { averagePrecision } from '../../../../src/training/metrics/average-precision.ts';
import { equalErrorRate } from '../../../../src/training/metrics/equal-error-rate.ts';
import { rocCurve } from '../../../../src/training/metrics/roc-curve.ts';
import { summarize } from '../../../../src/training/metrics/summarize.ts';
import { videoAuc } from '../../../../src/training/metrics/video-scores.ts';

describe('metric input errors', () => {
  it('one class only is a RangeError for every ranking metric, not NaN', () => {
    for (const metric of [auc, averagePrecision, equalErrorRate, rocCurve]) {
      expect(() => metric([0.1, 0.7, 0.3], [0, 0, 0])).toThrow(RangeError);
      expect(() => metric([0.1, 0.7, 0.3], [0, 0, 0])).toThrow(/needs both real and fake samples; found 0 fake and 3 real/);
      expect(() => metric([0.1, 0.7], [1, 1])).toThrow(/found 2 fake and 0 real/);
    }
    expect(() => summarize([0.1, 0.7], [1, 1], ['a', 'b'])).toThrow(/summarize needs both real and fake/);
  });

  it('accuracy is defined for one class', () => {
    expect(accuracy([0.1, 0.7, 0.3], [0, 0, 0])).toBeCloseTo(2 / 3, 12);
  });

  it('a length mismatch names both lengths', () => {
    expect(() => auc([0.1, 0.2, 0.3], [0, 1])).toThrow(/AUC: scores has 3 values but labels has 2/);
    expect(() => accuracy([0.1], [0, 1])).toThrow(RangeError);
    expect(() => videoAuc([0.1, 0.9], [0, 1], ['a'])).toThrow(/videos has 1 values but scores has 2/);
  });

  it('non-finite scores name the index and value', () => {
    expect(() => auc([0.1, NaN, 0.3], [0, 1, 1])).toThrow(/AUC: scores\[1\] is NaN; every score must be a finite number/);
    expect(() => averagePrecision([0.1, 0.2, Infinity], [0, 1, 1])).toThrow(/AP: scores\[2\] is Infinity/);
    expect(() => accuracy([-Infinity], [0])).toThrow(/ACC: scores\[0\] is -Infinity/);
  });

  it('labels other than 0 and 1 name the index and value', () => {
    expect(() => auc([0.1, 0.2], [0, 2])).toThrow(/labels\[1\] is 2; expected 0 \(real\) or 1 \(fake\)/);
    expect(() => equalErrorRate([0.1, 0.2], [0.5, 1])).toThrow(/labels\[0\] is 0.5/);
  });

  it('empty input and non-arrays are refused', () => {
    expect(() => auc([], [])).toThrow(/scores and labels are empty/);
    expect(() => auc(undefined as never, [])).toThrow(TypeError);
  });

  it('a video whose frames disagree on the label is refused', () => {
    expect(() => videoAuc([0.1, 0.9, 0.4], [0, 1, 0], ['v1', 'v1', 'v2'])).toThrow(/video "v1" has frames labelled both real and fake/);
  });
});
