import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerGradients } from '../../../../src/training/backend/register-gradients.ts';
import { diversityLoss } from '../../../../src/training/method/diversity-loss.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await registerGradients();
});

describe('diversityLoss', () => {
  it('equals the hand-computed value for two heads', () => {
    // [N=2, heads=2, 2, 2]
    const attention = tf.tensor4d([
      [[[1, 0], [0, 1]], [[0.5, 0.5], [0.5, 0.5]]],
      [[[0.8, 0.2], [0.3, 0.7]], [[0.2, 0.8], [0.6, 0.4]]],
    ]);
    // Sample 0: cos = (1*0.5 + 1*0.5) / (sqrt(2) * 1); sample 1: cos = 0.78 / sqrt(1.26 * 1.2).
    // Each counts twice (d_12 and d_21), over h^2 = 4.
    const first = (2 * (1 / Math.SQRT2)) / 4;
    const second = (2 * (0.78 / Math.sqrt(1.26 * 1.2))) / 4;
    const loss = diversityLoss(attention);
    expect(loss.shape).toEqual([]);
    expect(loss.dataSync()[0]).toBeCloseTo((first + second) / 2, 6);
  });

  it('is 0 for heads with disjoint attention', () => {
    const attention = tf.tensor4d([[[[1, 0], [0, 0]], [[0, 1], [0, 0]], [[0, 0], [0.4, 0.6]]]]);
    expect(diversityLoss(attention).dataSync()[0]).toBe(0);
  });

  it('is (h-1)/h for identical heads', () => {
    const head = [[0.1, 0.9], [0.6, 0.4]];
    expect(diversityLoss(tf.tensor4d([[head, head, head]])).dataSync()[0]).toBeCloseTo(2 / 3, 6);
  });

  it('has a finite gradient, also for an all-zero head', () => {
    const attention = tf.tensor4d([[[[0, 0], [0, 0]], [[0.5, 0.5], [0.2, 0.8]]]]);
    const gradient = tf.grad((a: tf.Tensor) => diversityLoss(a))(attention).dataSync();
    expect([...gradient].every(Number.isFinite)).toBe(true);
  });
});
