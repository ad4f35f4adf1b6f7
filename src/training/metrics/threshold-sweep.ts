/**
 * Lowering the threshold through each distinct score, from the highest: `thresholds[i]` is the score at step
 * i, and `truePositives[i]` / `falsePositives[i]` count the fakes / reals scoring >= it. Tied scores form one
 * step, as in scikit-learn, so curves built from it do not depend on the order of tied samples.
 * Inputs are assumed checked (checkScoresAndLabels).
 */
export interface ThresholdSweep {
  thresholds: number[];
  truePositives: number[];
  falsePositives: number[];
}

export function thresholdSweep(scores: ArrayLike<number>, labels: ArrayLike<number>): ThresholdSweep {
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  const sweep: ThresholdSweep = { thresholds: [], truePositives: [], falsePositives: [] };
  let truePositives = 0;
  let falsePositives = 0;
  for (let k = 0; k < order.length; k++) {
    const index = order[k]!;
    if (labels[index] === 1) truePositives++;
    else falsePositives++;
    const next = order[k + 1];
    if (next === undefined || scores[next] !== scores[index]) {
      sweep.thresholds.push(scores[index]!);
      sweep.truePositives.push(truePositives);
      sweep.falsePositives.push(falsePositives);
    }
  }
  return sweep;
}
