import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerGradients } from '../../../../src/training/backend/register-gradients.ts';
import { binaryCrossEntropyWithLogits } from '../../../../src/training/method/binary-cross-entropy.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await registerGradients();
});

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
/** The textbook definition in float64; only used where log(1 - s) does not underflow. */
const reference = (x: number, y: number) => -y * Math.log(sigmoid(x)) - (1 - y) * Math.log(1 - sigmoid(x));

describe('binaryCrossEntropyWithLogits', () => {
  it('matches the definition for moderate logits and soft targets', () => {
    const logits = [-6, -1.5, 0, 0.3, 2, 8];
    const targets = [0, 0.25, 0.5, 1, 0.9, 0.1];
    const expected = logits.reduce((sum, x, i) => sum + reference(x, targets[i]!), 0) / logits.length;
    expect(binaryCrossEntropyWithLogits(tf.tensor1d(logits), tf.tensor1d(targets)).dataSync()[0]).toBeCloseTo(expected, 5);
  });

  it('stays finite and exact for large logits', () => {
    const loss = binaryCrossEntropyWithLogits(tf.tensor1d([100, -100, 1000, -1000]), tf.tensor1d([0, 1, 1, 0]));
    expect(loss.dataSync()[0]).toBeCloseTo((100 + 100 + 0 + 0) / 4, 4);
  });

  it('has the gradient (sigmoid(x) - y) / n, also at x = 0', () => {
    const logits = [0, 0, 3, -2];
    const targets = [1, 0.5, 0, 1];
    const gradient = tf.grad((x: tf.Tensor) => binaryCrossEntropyWithLogits(x as tf.Tensor1D, tf.tensor1d(targets)))(tf.tensor1d(logits));
    [...gradient.dataSync()].forEach((value, i) => expect(value).toBeCloseTo((sigmoid(logits[i]!) - targets[i]!) / 4, 6));
  });

  it('rejects mismatched lengths', () => {
    expect(() => binaryCrossEntropyWithLogits(tf.tensor1d([1, 2]), tf.tensor1d([1]))).toThrow(/2 logits, 1 targets/);
  });
});
