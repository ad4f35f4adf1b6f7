import { describe, expect, it } from 'vitest';
import { accuracy } from '../../../../src/training/metrics/accuracy.ts';
import { auc } from '../../../../src/training/metrics/auc.ts';
import { averagePrecision } from '../../../../src/training/metrics/average-precision.ts';
import { equalErrorRate } from '../../../../src/training/metrics/equal-error-rate.ts';
import { rocCurve } from '../../../../src/training/metrics/roc-curve.ts';

// Each case was worked out by hand; the derivations are in the comments.
describe('metrics on hand-worked cases', () => {
  // Reals 0.1, 0.4; fakes 0.35, 0.8 (scikit-learn's documentation example).
  // Pairs fake > real: (0.35,0.1) (0.8,0.1) (0.8,0.4) -> 3 of 4.
  const distinct = { scores: [0.1, 0.4, 0.35, 0.8], labels: [0, 0, 1, 1] };

  it('AUC without ties is the fraction of fake-above-real pairs', () => {
    expect(auc(distinct.scores, distinct.labels)).toBeCloseTo(0.75, 12);
  });

  it('ROC has a point per distinct score, from (0,0) to (1,1)', () => {
    expect(rocCurve(distinct.scores, distinct.labels)).toEqual([
      { threshold: Infinity, fpr: 0, tpr: 0 },
      { threshold: 0.8, fpr: 0, tpr: 0.5 },
      { threshold: 0.4, fpr: 0.5, tpr: 0.5 },
      { threshold: 0.35, fpr: 0.5, tpr: 1 },
      { threshold: 0.1, fpr: 1, tpr: 1 },
    ]);
  });

  it('AP sums recall steps times precision: 0.5 * 1 + 0.5 * 2/3', () => {
    expect(averagePrecision(distinct.scores, distinct.labels)).toBeCloseTo(0.5 + 1 / 3, 12);
  });

  it('EER where FPR = FNR: at threshold 0.4 both are 0.5', () => {
    expect(equalErrorRate(distinct.scores, distinct.labels)).toBeCloseTo(0.5, 12);
  });

  it('ACC at 0.5: 0.35 (fake) is the only miss', () => {
    expect(accuracy(distinct.scores, distinct.labels)).toBe(0.75);
  });

  // Reals 0.2, 0.5; fakes 0.5, 0.9. Pairs: (0.5,0.2)=1 (0.5,0.5)=1/2 (0.9,0.2)=1 (0.9,0.5)=1 -> 3.5/4.
  // Average ranks 1, 2.5, 2.5, 4; fake rank sum 6.5; U = 6.5 - 3 = 3.5.
  const tied = { scores: [0.2, 0.5, 0.5, 0.9], labels: [0, 0, 1, 1] };

  it('AUC counts a tie between a fake and a real as one half', () => {
    expect(auc(tied.scores, tied.labels)).toBeCloseTo(0.875, 12);
  });

  it('tied scores form one ROC step', () => {
    expect(rocCurve(tied.scores, tied.labels).map((p) => [p.fpr, p.tpr])).toEqual([
      [0, 0],
      [0, 0.5],
      [0.5, 1],
      [1, 1],
    ]);
  });

  it('EER interpolates on the ROC segment: (0,0.5)->(0.5,1) crosses FPR = FNR at 0.25', () => {
    expect(equalErrorRate(tied.scores, tied.labels)).toBeCloseTo(0.25, 12);
  });

  it('AP treats tied scores as one threshold: 0.5 * 1 + 0.5 * 2/3', () => {
    expect(averagePrecision(tied.scores, tied.labels)).toBeCloseTo(0.5 + 1 / 3, 12);
  });

  it('ACC calls exactly 0.5 real', () => {
    expect(accuracy(tied.scores, tied.labels)).toBe(0.75);
    expect(accuracy([0.5, 0.5, 0.51], [0, 0, 1])).toBe(1);
    expect(accuracy(tied.scores, tied.labels, 0.4)).toBe(0.75);
    expect(accuracy(tied.scores, tied.labels, 0.1)).toBe(0.5);
  });

  it('all scores tied give AUC 1/2', () => {
    expect(auc([0.3, 0.3, 0.3, 0.3], [0, 1, 0, 1])).toBe(0.5);
  });

  it('a perfect ranking gives AUC 1, EER 0, AP 1', () => {
    const scores = [0.1, 0.2, 0.8, 0.9];
    const labels = [0, 0, 1, 1];
    expect(auc(scores, labels)).toBe(1);
    expect(equalErrorRate(scores, labels)).toBe(0);
    expect(averagePrecision(scores, labels)).toBe(1);
  });

  // Reals 0.9, 0.8 above fakes 0.2, 0.1. AP: recall 0.5 at precision 1/3, recall 1 at precision 1/2.
  it('an inverted ranking gives AUC 0, EER 1 and AP 0.5/3 + 0.5/2', () => {
    const scores = [0.9, 0.8, 0.1, 0.2];
    const labels = [0, 0, 1, 1];
    expect(auc(scores, labels)).toBe(0);
    expect(equalErrorRate(scores, labels)).toBe(1);
    expect(averagePrecision(scores, labels)).toBeCloseTo(0.5 / 3 + 0.25, 12);
  });

  it('accepts typed arrays, and logits as scores (only the order matters for AUC)', () => {
    expect(auc(Float32Array.from([-2.2, -0.4, -0.6, 1.4]), Uint8Array.from([0, 0, 1, 1]))).toBeCloseTo(0.75, 12);
  });
});
