import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerGradients } from '../../../../src/training/backend/register-gradients.ts';
import { deepMixup } from '../../../../src/training/method/deep-mixup.ts';
import { Rng } from '../../../../src/util/rng.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await registerGradients();
});

const rows = [
  [1, 2, 3],
  [-4, 0, 5],
  [0.5, 0.25, -1],
  [10, -10, 0],
  [3, 3, 3],
];
const labels = [1, 0, 0, 1, 1];

describe('deepMixup', () => {
  it('appends convex combinations of features and targets, doubling the batch', () => {
    const mixed = deepMixup(tf.tensor2d(rows), tf.tensor1d(labels), 1, new Rng([5, 'mixup']));
    expect(mixed.features.shape).toEqual([10, 3]);
    expect(mixed.targets.shape).toEqual([10]);
    expect([...mixed.permutation].sort()).toEqual([0, 1, 2, 3, 4]);
    const features = mixed.features.arraySync();
    const targets = mixed.targets.arraySync();
    expect(features.slice(0, 5)).toEqual(rows);
    expect(targets.slice(0, 5)).toEqual(labels);
    mixed.permutation.forEach((partner, i) => {
      const lambda = mixed.lambdas[i]!;
      expect(lambda).toBeGreaterThanOrEqual(0);
      expect(lambda).toBeLessThanOrEqual(1);
      rows[i]!.forEach((value, j) => expect(features[5 + i]![j]).toBeCloseTo(lambda * value + (1 - lambda) * rows[partner]![j]!, 5));
      expect(targets[5 + i]).toBeCloseTo(lambda * labels[i]! + (1 - lambda) * labels[partner]!, 6);
    });
  });

  it('draws the permutation and then one Beta(a, a) factor per pair from the Rng', () => {
    const mixed = deepMixup(tf.tensor2d(rows), tf.tensor1d(labels), 0.4, new Rng([5, 'mixup']));
    const rng = new Rng([5, 'mixup']);
    expect(mixed.permutation).toEqual(rng.permutation(5));
    expect([...mixed.lambdas]).toEqual([...Float32Array.from({ length: 5 }, () => rng.beta(0.4, 0.4))]);
  });

  it('sends the gradient to both samples of each pair', () => {
    const mixed = deepMixup(tf.tensor2d(rows), tf.tensor1d(labels), 1, new Rng(11));
    const gradient = tf.grad((f: tf.Tensor) => tf.sum(deepMixup(f as tf.Tensor2D, tf.tensor1d(labels), 1, new Rng(11)).features))(tf.tensor2d(rows));
    // Row i appears once as itself, with weight l_i as the first of its pair, and 1 - l_j as the partner of j.
    const expected = rows.map((_, i) => 1 + mixed.lambdas[i]! +
      mixed.permutation.reduce((sum, partner, j) => sum + (partner === i ? 1 - mixed.lambdas[j]! : 0), 0));
    (gradient.arraySync() as number[][]).forEach((row, i) => row.forEach((value) => expect(value).toBeCloseTo(expected[i]!, 5)));
  });

  it('rejects a target count that differs from the batch', () => {
    expect(() => deepMixup(tf.tensor2d(rows), tf.tensor1d([1, 0]), 1, new Rng(0))).toThrow(/one target per feature row: 5 rows, 2 targets/);
  });
});
