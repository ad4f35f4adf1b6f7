import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { BatchNorm } from '../../../../src/training/modules/batch-norm.ts';
import { Rng } from '../../../../src/util/rng.ts';
import { expectClose, runEmitted } from './onnx-parity.ts';
import { randomizeVariable, randomNormal, useCpuBackend } from './tfjs-cpu.ts';

beforeAll(useCpuBackend);

/** Per-channel mean and biased variance of an NHWC array, in float64. */
function channelStatistics(x: tf.Tensor): { mean: number[]; variance: number[] } {
  const channels = x.shape.at(-1)!;
  const values = x.dataSync();
  const count = values.length / channels;
  const mean = Array.from({ length: channels }, (_, c) => {
    let sum = 0;
    for (let i = c; i < values.length; i += channels) sum += values[i]!;
    return sum / count;
  });
  const variance = mean.map((m, c) => {
    let sum = 0;
    for (let i = c; i < values.length; i += channels) sum += (values[i]! - m) ** 2;
    return sum / count;
  });
  return { mean, variance };
}

function normalise(x: tf.Tensor, mean: ArrayLike<number>, variance: ArrayLike<number>, bn: BatchNorm): Float32Array {
  const [gamma, beta] = [bn.gamma.dataSync(), bn.beta.dataSync()];
  return Float32Array.from(x.dataSync(), (value, i) => {
    const c = i % bn.channels;
    return ((value - mean[c]!) / Math.sqrt(variance[c]! + bn.epsilon)) * gamma[c]! + beta[c]!;
  });
}

function makeBatchNorm(channels: number, options: { momentum?: number } = {}): BatchNorm {
  const bn = new BatchNorm({ channels, ...options }, new Rng(0));
  randomizeVariable(bn.gamma, 'gamma', 0.5, 1);
  randomizeVariable(bn.beta, 'beta', 0.5, 0);
  return bn;
}

describe('BatchNorm', () => {
  it('defaults to Keras: momentum 0.99, epsilon 1e-3, gamma 1, beta 0, running mean 0 and variance 1', () => {
    const bn = new BatchNorm({ channels: 3 }, new Rng(0));
    expect([bn.momentum, bn.epsilon]).toEqual([0.99, 1e-3]);
    expect(Array.from(bn.gamma.dataSync())).toEqual([1, 1, 1]);
    expect(Array.from(bn.beta.dataSync())).toEqual([0, 0, 0]);
    expect(bn.namedBuffers().map(([name, v]) => [name, Array.from(v.dataSync())])).toEqual([
      ['moving_mean', [0, 0, 0]],
      ['moving_variance', [1, 1, 1]],
    ]);
    expect(bn.parameterCount()).toBe(6);
  });

  it('normalises with the batch mean and biased variance in training', () => {
    const bn = makeBatchNorm(3);
    const x = tf.add(tf.mul(randomNormal([4, 5, 5, 3], 'train'), 3), 2);
    const { mean, variance } = channelStatistics(x);
    const y = bn.forward(x, true);
    expectClose(y, tf.tensor(normalise(x, mean, variance, bn), x.shape), 1e-5);
  });

  it('moves the running statistics toward the batch statistics by the momentum rule', () => {
    const bn = makeBatchNorm(3, { momentum: 0.9 });
    const first = tf.add(randomNormal([4, 3, 3, 3], 'first'), 5);
    const second = tf.mul(randomNormal([4, 3, 3, 3], 'second'), 4);
    const a = channelStatistics(first);
    const b = channelStatistics(second);
    bn.forward(first, true).dispose();
    bn.forward(second, true).dispose();
    const expectedMean = a.mean.map((m, c) => 0.9 * (0.9 * 0 + 0.1 * m) + 0.1 * b.mean[c]!);
    const expectedVariance = a.variance.map((v, c) => 0.9 * (0.9 * 1 + 0.1 * v) + 0.1 * b.variance[c]!);
    expectClose(bn.movingMean, tf.tensor(expectedMean), 1e-5);
    expectClose(bn.movingVariance, tf.tensor(expectedVariance), 1e-4);
  });

  it('uses the running statistics in inference and leaves them unchanged', () => {
    const bn = makeBatchNorm(4);
    randomizeVariable(bn.movingMean, 'mean', 1, 0);
    randomizeVariable(bn.movingVariance, 'variance', 1, 1, true);
    const mean = Float32Array.from(bn.movingMean.dataSync());
    const variance = Float32Array.from(bn.movingVariance.dataSync());
    const x = randomNormal([2, 3, 3, 4], 'inference');
    expectClose(bn.forward(x, false), tf.tensor(normalise(x, mean, variance, bn), x.shape), 1e-5);
    expect(Array.from(bn.movingMean.dataSync())).toEqual(Array.from(mean));
  });

  it('updates the running statistics once per step under an optimiser, and trains gamma and beta', () => {
    const bn = makeBatchNorm(2, { momentum: 0.5 });
    const x = tf.add(randomNormal([8, 2, 2, 2], 'step'), 3);
    const { mean } = channelStatistics(x);
    const { grads } = tf.variableGrads(() => tf.sum(tf.mul(bn.forward(x, true), randomNormal([8, 2, 2, 2], 'w'))) as tf.Scalar, [
      bn.gamma,
      bn.beta,
    ]);
    expectClose(bn.movingMean, tf.tensor(mean.map((m) => 0.5 * m)), 1e-5);
    expect(Object.keys(grads).sort()).toEqual([bn.beta.name, bn.gamma.name].sort());
    expect(Math.abs(grads[bn.gamma.name]!.dataSync()[0]!)).toBeGreaterThan(0);
  });

  it.each([
    ['an NCHW feature map', [2, 5, 5, 3]],
    ['[N, C] features', [6, 3]],
  ] as const)('ONNX BatchNormalization matches tfjs inference on %s (abs 1e-4)', async (_, shape) => {
    const bn = makeBatchNorm(3);
    randomizeVariable(bn.movingMean, 'mean', 1, 0);
    randomizeVariable(bn.movingVariance, 'variance', 1, 1, true);
    const x = randomNormal([...shape], shape.length);
    const { outputs, graph } = await runEmitted(bn, x, { layout: shape.length === 4 ? 'image' : 'plain' });
    expect(graph.opTypes).toEqual(['BatchNormalization']);
    expectClose(outputs[0]!, bn.forward(x, false), 1e-4);
  });

  it('rejects a momentum outside [0, 1)', () => {
    expect(() => new BatchNorm({ channels: 1, momentum: 1 }, new Rng(0))).toThrow(/momentum must be in \[0, 1\), got 1/);
  });
});
