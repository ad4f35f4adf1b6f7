import { checkScoresAndLabels } from './check-inputs.ts';

/**
 * Fraction classified correctly when a score above `threshold` means fake (a probability of exactly 0.5 is
 * real, as in scikit-learn's predict and DeepfakeBench). Defined for one class too, unlike the ranking metrics.
 */
export function accuracy(scores: ArrayLike<number>, labels: ArrayLike<number>, threshold = 0.5): number {
  checkScoresAndLabels('ACC', scores, labels);
  if (!Number.isFinite(threshold)) throw new RangeError(`ACC: threshold must be a finite number, found ${threshold}`);
  let correct = 0;
  for (let i = 0; i < scores.length; i++) if ((scores[i]! > threshold ? 1 : 0) === labels[i]) correct++;
  return correct / scores.length;
}
