import { describe, expect, it } from 'vitest';
import { auc } from '../../../../src/training/metrics/auc.ts';
import { averagePrecision } from '../../../../src/training/metrics/average-precision.ts';
import { rocCurve } from '../../../../src/training/metrics/roc-curve.ts';
import { Rng } from '../../../../src/util/rng.ts';

// Independent formulations must agree on random data with many ties (scores drawn from 12 levels).
describe('metric formulations agree', () => {
  const cases = Array.from({ length: 20 }, (_, c) => {
    const rng = new Rng([c, 'metrics-agreement']);
    const n = 5 + rng.int(60);
    const labels = Array.from({ length: n }, (_, i) => (i < 2 ? i : rng.int(2)));
    const scores = labels.map((label) => (rng.int(12) + 3 * label) / 14);
    return { scores, labels };
  });

  it('rank AUC equals the pair count (ties = 1/2) and the trapezoidal ROC area', () => {
    for (const { scores, labels } of cases) {
      let pairs = 0;
      let wins = 0;
      for (let i = 0; i < scores.length; i++) {
        for (let j = 0; j < scores.length; j++) {
          if (labels[i] !== 1 || labels[j] !== 0) continue;
          pairs++;
          wins += scores[i]! > scores[j]! ? 1 : scores[i] === scores[j] ? 0.5 : 0;
        }
      }
      const roc = rocCurve(scores, labels);
      let area = 0;
      for (let k = 1; k < roc.length; k++) area += ((roc[k]!.fpr - roc[k - 1]!.fpr) * (roc[k]!.tpr + roc[k - 1]!.tpr)) / 2;
      expect(auc(scores, labels)).toBeCloseTo(wins / pairs, 12);
      expect(area).toBeCloseTo(wins / pairs, 12);
    }
  });

  it('AP does not depend on the order of tied samples', () => {
    for (const { scores, labels } of cases) {
      const order = new Rng([scores.length, 'reorder']).permutation(scores.length);
      expect(averagePrecision(order.map((i) => scores[i]!), order.map((i) => labels[i]!))).toBeCloseTo(averagePrecision(scores, labels), 12);
    }
  });
});
