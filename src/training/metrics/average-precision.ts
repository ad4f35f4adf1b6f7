import { checkScoresAndLabels, requireBothClasses } from './check-inputs.ts';
import { thresholdSweep } from './threshold-sweep.ts';

/**
 * Average precision with fakes as the positive class, scikit-learn's definition: the sum over distinct
 * thresholds of (R_n - R_(n-1)) * P_n, a step-wise area under the precision-recall curve without
 * interpolation (so it is not the trapezoidal area, which is optimistic).
 */
export function averagePrecision(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const counts = checkScoresAndLabels('AP', scores, labels);
  requireBothClasses('AP', counts);
  const sweep = thresholdSweep(scores, labels);
  let previousRecall = 0;
  let sum = 0;
  sweep.truePositives.forEach((truePositives, i) => {
    const recall = truePositives / counts.fake;
    const precision = truePositives / (truePositives + sweep.falsePositives[i]!);
    sum += (recall - previousRecall) * precision;
    previousRecall = recall;
  });
  return sum;
}
