import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerGradients } from '../../../../src/training/backend/register-gradients.ts';
import { featureMask } from '../../../../src/training/method/feature-mask.ts';
import { Rng } from '../../../../src/util/rng.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await registerGradients();
});

/** The positions a stable sort (value, then index ascending) puts first: what ONNX TopK returns. */
function referenceRemoved(row: number[], k: number, order: 'high' | 'low'): number[] {
  const sign = order === 'high' ? -1 : 1;
  const indices = row.map((_, i) => i).sort((a, b) => sign * (row[a]! - row[b]!) || a - b);
  return indices.slice(0, k).sort((a, b) => a - b);
}

function removedPositions(mask: tf.Tensor2D): number[][] {
  return (mask.arraySync() as number[][]).map((row) => row.flatMap((value, i) => (value === 0 ? [i] : [])));
}

const tied = [
  [0.1, 0.5, 0.5, 0.2, 0.5, 0.0, 0.3, 0.3],
  [0.3, 0.3, 0.3, 0.3, 0.1, 0.9, 0.1, 0.1],
];

describe('featureMask', () => {
  it('high removes the k largest, ties to the lower index', () => {
    const mask = featureMask(tf.tensor2d(tied), 'high', 2, new Rng(0));
    expect(mask.shape).toEqual([2, 8]);
    expect(mask.arraySync()).toEqual([
      [1, 0, 0, 1, 1, 1, 1, 1],
      [0, 1, 1, 1, 1, 0, 1, 1],
    ]);
  });

  it('low removes the k smallest, ties to the lower index', () => {
    expect(removedPositions(featureMask(tf.tensor2d(tied), 'low', 3, new Rng(0)))).toEqual([
      [0, 3, 5],
      [4, 6, 7],
    ]);
  });

  it('matches a stable sort for every k on heavily tied attention', () => {
    const rng = new Rng([3, 'attention']);
    const rows = Array.from({ length: 6 }, () => Array.from({ length: 16 }, () => rng.int(4) / 4));
    for (const order of ['high', 'low'] as const) {
      for (let k = 0; k <= 16; k++) {
        const removed = removedPositions(featureMask(tf.tensor2d(rows), order, k, rng));
        expect(removed).toEqual(rows.map((row) => referenceRemoved(row, k, order)));
      }
    }
  });

  it('random removes k seeded positions per sample', () => {
    const attention = tf.zeros([5, 16]) as tf.Tensor2D;
    const first = removedPositions(featureMask(attention, 'random', 4, new Rng([7, 'mask'])));
    const again = removedPositions(featureMask(attention, 'random', 4, new Rng([7, 'mask'])));
    const other = removedPositions(featureMask(attention, 'random', 4, new Rng([8, 'mask'])));
    expect(first.map((row) => row.length)).toEqual([4, 4, 4, 4, 4]);
    expect(again).toEqual(first);
    expect(other).not.toEqual(first);
    expect(new Set(first.map((row) => row.join())).size).toBeGreaterThan(1);
  });

  it('none keeps every position', () => {
    expect(featureMask(tf.tensor2d(tied), 'none', 2, new Rng(0)).arraySync()).toEqual(tied.map((row) => row.map(() => 1)));
  });

  it('passes no gradient back to the attention', () => {
    const attention = tf.tensor2d(tied);
    const throughMaskOnly = tf.grad((a: tf.Tensor) => tf.sum(featureMask(a as tf.Tensor2D, 'high', 2, new Rng(0))))(attention);
    expect(throughMaskOnly.arraySync()).toEqual(tied.map((row) => row.map(() => 0)));
    // d/da sum(mask * a) is the mask itself when the mask is a constant.
    const masked = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(featureMask(a as tf.Tensor2D, 'high', 2, new Rng(0)), a)))(attention);
    expect(masked.arraySync()).toEqual(featureMask(attention, 'high', 2, new Rng(0)).arraySync());
  });

  it('rejects a k outside [0, h*w]', () => {
    expect(() => featureMask(tf.tensor2d(tied), 'high', 9, new Rng(0))).toThrow(RangeError);
    expect(() => featureMask(tf.tensor2d(tied), 'high', 9, new Rng(0))).toThrow(/mask size k must be an integer in \[0, 8\] for 8 positions, got 9/);
  });
});
