import { checkScoresAndLabels, requireBothClasses } from './check-inputs.ts';
import { thresholdSweep } from './threshold-sweep.ts';

export interface RocPoint {
  /** Samples scoring >= threshold are called fake; the first point's Infinity calls nothing fake. */
  threshold: number;
  /** False positive rate: reals called fake / reals. */
  fpr: number;
  /** True positive rate: fakes called fake / fakes. */
  tpr: number;
}

/**
 * The ROC curve at every distinct score, from (0, 0) to (1, 1), like scikit-learn's roc_curve with
 * drop_intermediate=False (collinear points are kept so EER can interpolate between neighbours).
 */
export function rocCurve(scores: ArrayLike<number>, labels: ArrayLike<number>): RocPoint[] {
  const counts = checkScoresAndLabels('ROC', scores, labels);
  requireBothClasses('ROC', counts);
  const sweep = thresholdSweep(scores, labels);
  const points: RocPoint[] = [{ threshold: Infinity, fpr: 0, tpr: 0 }];
  sweep.thresholds.forEach((threshold, i) => {
    points.push({ threshold, fpr: sweep.falsePositives[i]! / counts.real, tpr: sweep.truePositives[i]! / counts.fake });
  });
  return points;
}
