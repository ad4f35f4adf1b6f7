import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { chooseBackend } from '../../../../src/training/backend/index.ts';
import { registerGradients } from '../../../../src/training/backend/register-gradients.ts';
import { SgdMomentum } from '../../../../src/training/loop/sgd-momentum.ts';

beforeAll(async () => {
  await chooseBackend('cpu');
  await registerGradients();
});

describe('SgdMomentum', () => {
  it('follows v = m v + g, p = p - lr v over steps with a changing rate', () => {
    const weight = tf.variable(tf.tensor1d([1, -2]));
    const optimizer = new SgdMomentum([['layer.weight', weight]], 0.9);
    optimizer.step({ [weight.name]: tf.tensor1d([0.5, 1]) }, 0.1);
    // v = [0.5, 1]; p = [1 - 0.05, -2 - 0.1]
    expect([...weight.dataSync()].map((x) => +x.toFixed(6))).toEqual([0.95, -2.1]);
    optimizer.step({ [weight.name]: tf.tensor1d([-1, 2]) }, 0.01);
    // v = [0.45 - 1, 0.9 + 2] = [-0.55, 2.9]; p = [0.95 + 0.0055, -2.1 - 0.029]
    expect([...weight.dataSync()].map((x) => +x.toFixed(6))).toEqual([0.9555, -2.129]);
    const [[slotName, velocity]] = optimizer.namedSlots('optimizer.momentum.');
    expect(slotName).toBe('optimizer.momentum.layer.weight');
    expect([...velocity!.dataSync()].map((x) => +x.toFixed(6))).toEqual([-0.55, 2.9]);
  });

  it('matches tfjs\'s own momentum optimiser on a least-squares problem', () => {
    const x = tf.tensor2d([[1, 2], [3, 4], [5, 6]]);
    const y = tf.tensor2d([[1], [0], [2]]);
    const ours = tf.variable(tf.tensor2d([[0.1], [-0.2]]));
    const theirs = tf.variable(tf.tensor2d([[0.1], [-0.2]]));
    const optimizer = new SgdMomentum([['w', ours]], 0.9);
    const reference = tf.train.momentum(0.01, 0.9);
    const loss = (w: tf.Variable) => () => tf.mean(tf.square(tf.sub(tf.matMul(x, w), y))) as tf.Scalar;
    for (let step = 0; step < 5; step++) {
      const { grads } = tf.variableGrads(loss(ours), [ours]);
      optimizer.step(grads, 0.01);
      reference.minimize(loss(theirs), false, [theirs]);
    }
    const a = ours.dataSync();
    const b = theirs.dataSync();
    for (let i = 0; i < a.length; i++) expect(Math.abs(a[i]! - b[i]!)).toBeLessThan(1e-6);
    expect(Math.abs(a[0]! - 0.1)).toBeGreaterThan(1e-3);
  });

  it('frees every tensor it made on dispose', () => {
    const weight = tf.variable(tf.ones([3, 3]));
    const before = tf.memory().numTensors;
    const optimizer = new SgdMomentum([['w', weight]], 0.9);
    optimizer.step({ [weight.name]: tf.ones([3, 3]) }, 0.1);
    optimizer.dispose();
    // The gradient passed in is the caller's to free; everything else is gone.
    expect(tf.memory().numTensors).toBe(before + 1);
  });

  it('leaves a parameter without a gradient untouched', () => {
    const used = tf.variable(tf.tensor1d([1]));
    const unused = tf.variable(tf.tensor1d([5]));
    const optimizer = new SgdMomentum([['used', used], ['unused', unused]], 0.9);
    optimizer.step({ [used.name]: tf.tensor1d([1]) }, 0.5);
    expect([...used.dataSync()]).toEqual([0.5]);
    expect([...unused.dataSync()]).toEqual([5]);
  });
});
