import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { batchNormTraining } from '../../../../src/training/modules/batch-norm-training.ts';
import { expectClose } from './onnx-parity.ts';
import { randomNormal, useCpuBackend } from './tfjs-cpu.ts';

beforeAll(useCpuBackend);

/** The same layer by autodiff through tf.moments and tf.batchNorm: the reference for the closed form. */
function autodiffBatchNorm(x: tf.Tensor, gamma: tf.Tensor1D, beta: tf.Tensor1D, epsilon: number): tf.Tensor {
  const { mean, variance } = tf.moments(x, x.shape.slice(0, -1).map((_, axis) => axis));
  return tf.batchNorm(x, mean, variance, beta, gamma, epsilon);
}

describe('batchNormTraining', () => {
  it.each([
    ['NHWC [3, 4, 5, 6]', [3, 4, 5, 6]],
    ['features [7, 4]', [7, 4]],
  ])('has the value and the gradients (input, gamma, beta) of autodiff through the batch statistics, %s', (_, shape) => {
    const channels = shape.at(-1)!;
    const x = tf.add(tf.mul(randomNormal(shape, `x${shape}`), 2), 0.5);
    const gamma = tf.add(tf.mul(randomNormal([channels], 'gamma'), 0.5), 1) as tf.Tensor1D;
    const beta = tf.mul(randomNormal([channels], 'beta'), 0.5) as tf.Tensor1D;
    // A loss that weights every output differently, so no gradient is zero by symmetry.
    const weights = randomNormal(shape, `w${shape}`);
    const loss = (layer: (x: tf.Tensor, g: tf.Tensor1D, b: tf.Tensor1D) => tf.Tensor) => (x: tf.Tensor, g: tf.Tensor, b: tf.Tensor) =>
      tf.sum(tf.mul(layer(x, g as tf.Tensor1D, b as tf.Tensor1D), weights)) as tf.Scalar;
    const statistics: number[][] = [];
    const ours = loss((x, g, b) => batchNormTraining(x, g, b, 1e-3, (mean, variance) => statistics.push([...mean.dataSync(), ...variance.dataSync()])));
    const reference = loss((x, g, b) => autodiffBatchNorm(x, g, b, 1e-3));

    expectClose(batchNormTraining(x, gamma, beta, 1e-3, () => undefined), autodiffBatchNorm(x, gamma, beta, 1e-3), 1e-5);
    const grads = tf.grads(ours)([x, gamma, beta]);
    const referenceGrads = tf.grads(reference)([x, gamma, beta]);
    grads.forEach((grad, i) => expectClose(grad, referenceGrads[i]!, 1e-4));
    // The input gradient of a normalised layer sums to zero over each channel.
    expect(Math.max(...Array.from(tf.abs(tf.sum(grads[0]!, shape.slice(0, -1).map((_, axis) => axis))).dataSync()))).toBeLessThan(1e-4);

    const { mean, variance } = tf.moments(x, shape.slice(0, -1).map((_, axis) => axis));
    expect(statistics.length).toBe(1);
    expectClose(tf.tensor(statistics[0]!), tf.concat([mean, variance]), 1e-5);
  });
});
