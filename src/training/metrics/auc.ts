import { averageRanks } from './average-ranks.ts';
import { checkScoresAndLabels, requireBothClasses } from './check-inputs.ts';

/**
 * Area under the ROC curve: the probability that a random fake scores above a random real, ties counting
 * one half (the Mann-Whitney U statistic over average ranks, equal to the trapezoidal area under the ROC).
 * Scores may be probabilities or logits; only their order matters.
 */
export function auc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const counts = checkScoresAndLabels('AUC', scores, labels);
  requireBothClasses('AUC', counts);
  const ranks = averageRanks(scores);
  let fakeRankSum = 0;
  for (let i = 0; i < ranks.length; i++) if (labels[i] === 1) fakeRankSum += ranks[i]!;
  const u = fakeRankSum - (counts.fake * (counts.fake + 1)) / 2;
  return u / (counts.fake * counts.real);
}
