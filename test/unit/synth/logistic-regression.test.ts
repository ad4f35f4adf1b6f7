import { describe, expect, it } from 'vitest';
import { auc } from '../../../src/training/metrics/auc.ts';
import { fitLogistic, logisticScore } from '../../../src/synth/logistic-regression.ts';
import { Rng } from '../../../src/util/rng.ts';

/** Two Gaussian classes in 5 dimensions that differ only along feature 2, by `gap` standard deviations. */
function blobs(n: number, gap: number, seed: number) {
  const rng = new Rng([seed, 'blobs']);
  const features: Float64Array[] = [];
  const labels: Array<0 | 1> = [];
  for (let i = 0; i < n; i++) {
    const label = (i % 2) as 0 | 1;
    const row = Float64Array.from({ length: 5 }, () => rng.normal());
    row[2]! += label * gap;
    features.push(row);
    labels.push(label);
  }
  return { features, labels };
}

describe('fitLogistic', () => {
  it('finds the one informative feature and ranks held-out data by it', () => {
    const train = blobs(400, 3, 1);
    const test = blobs(400, 3, 2);
    const model = fitLogistic(train.features, train.labels, 1);
    const weights = Array.from(model.weights.slice(0, 5));
    expect(weights[2]).toBeGreaterThan(1);
    for (const j of [0, 1, 3, 4]) expect(Math.abs(weights[j]!)).toBeLessThan(0.3 * weights[2]!);
    // Two unit Gaussians 3 apart: the Bayes AUC is Phi(3 / sqrt 2) = 0.983.
    expect(auc(test.features.map((row) => logisticScore(model, row)), test.labels)).toBeCloseTo(0.983, 1);
  });

  it('matches the closed-form optimum of a single feature: p = mean label on each side', () => {
    const features = [0, 0, 0, 0, 1, 1, 1, 1].map((v) => Float64Array.of(v));
    const labels: Array<0 | 1> = [0, 0, 0, 1, 0, 1, 1, 1];
    const model = fitLogistic(features, labels, 1e-9);
    const probability = (v: number) => 1 / (1 + Math.exp(-logisticScore(model, Float64Array.of(v))));
    expect(probability(0)).toBeCloseTo(0.25, 5);
    expect(probability(1)).toBeCloseTo(0.75, 5);
  });

  it('shrinks the weights as the penalty grows', () => {
    const train = blobs(200, 2, 3);
    const norm = (penalty: number) => Math.hypot(...fitLogistic(train.features, train.labels, penalty).weights.slice(0, 5));
    expect(norm(1000)).toBeLessThan(0.5 * norm(1));
  });
});
