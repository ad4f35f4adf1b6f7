import { rocCurve } from './roc-curve.ts';

/**
 * Equal error rate: the error where the false positive rate equals the false negative rate (1 - TPR). The
 * ROC is piecewise linear, so the crossing is interpolated on the segment where FNR - FPR changes sign,
 * instead of taking the nearest ROC point (which can be off by a whole step on small test sets).
 */
export function equalErrorRate(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const roc = rocCurve(scores, labels);
  const gap = (i: number) => 1 - roc[i]!.tpr - roc[i]!.fpr;
  // gap(0) = 1 at (0, 0) and gap(last) = -1 at (1, 1), so a sign change exists.
  let i = 1;
  while (gap(i) > 0) i++;
  const t = gap(i - 1) / (gap(i - 1) - gap(i));
  return roc[i - 1]!.fpr + t * (roc[i]!.fpr - roc[i - 1]!.fpr);
}
