import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createBackbone } from '../../../../src/training/backbones/create-backbone.ts';
import type { BackboneConfig } from '../../../../src/training/config.ts';
import { Rng } from '../../../../src/util/rng.ts';
import { randomNormal, useCpuBackend } from '../modules/tfjs-cpu.ts';

beforeAll(useCpuBackend);

const configs: Array<[string, BackboneConfig, number]> = [
  ['xception w0.125 stride 8, 1 middle block, 32 px', { architecture: 'xception', widthMultiplier: 0.125, outputStride: 8, middleBlocks: 1 }, 32],
  ['xception w0.125 stride 16, odd 35 px', { architecture: 'xception', widthMultiplier: 0.125, outputStride: 16, middleBlocks: 1 }, 35],
  ['xception w0.125 stride 32, no middle block, 64 px', { architecture: 'xception', widthMultiplier: 0.125, outputStride: 32, middleBlocks: 0 }, 64],
  ['resnet18 w0.125 stride 8, 32 px', { architecture: 'resnet18', widthMultiplier: 0.125, outputStride: 8 }, 32],
  ['resnet18 w0.125 stride 16, odd 37 px', { architecture: 'resnet18', widthMultiplier: 0.125, outputStride: 16 }, 37],
  ['resnet34 w0.125 stride 32, 64 px', { architecture: 'resnet34', widthMultiplier: 0.125, outputStride: 32 }, 64],
];

describe('backbone forward', () => {
  it.each(configs)('%s: output [N, h, w, c] as featureSize and outChannels say, in training and inference', (_, config, size) => {
    const net = createBackbone(config, new Rng(1));
    const x = tf.sigmoid(randomNormal([2, size, size, 3], size)) as tf.Tensor4D;
    const { h, w } = net.featureSize(size);
    for (const training of [false, true]) {
      const y = net.forward(x, training);
      expect(y.shape).toEqual([2, h, w, net.outChannels]);
      expect(Number.isFinite(tf.sum(y).dataSync()[0])).toBe(true);
      y.dispose();
    }
    net.dispose();
  });

  it('keeps only its output: no tensor leaks in inference or training', () => {
    const net = createBackbone(configs[0]![1], new Rng(2));
    const x = randomNormal([2, 32, 32, 3], 'leak') as tf.Tensor4D;
    for (const training of [false, true]) {
      const before = tf.memory().numTensors;
      const y = net.forward(x, training);
      expect(tf.memory().numTensors).toBe(before + 1);
      y.dispose();
    }
    net.dispose();
  });

  it.each([configs[0]!, configs[3]!])('%s: a training step reaches every parameter and moves every running mean', (_, config, size) => {
    const net = createBackbone(config, new Rng(3));
    const x = tf.sigmoid(randomNormal([2, size, size, 3], 'step')) as tf.Tensor4D;
    const parameters = net.namedParameters();
    const { value, grads } = tf.variableGrads(() => tf.mean(tf.square(net.forward(x, true))) as tf.Scalar, parameters.map(([, v]) => v));
    expect(Number.isFinite(value.dataSync()[0])).toBe(true);
    const silent = parameters.filter(([, v]) => !(tf.max(tf.abs(grads[v.name]!)).dataSync()[0]! > 0)).map(([name]) => name);
    expect(silent).toEqual([]);
    const unmoved = net
      .namedBuffers()
      .filter(([name, v]) => name.endsWith('moving_mean') && tf.max(tf.abs(v)).dataSync()[0] === 0)
      .map(([name]) => name);
    expect(unmoved).toEqual([]);
    net.dispose();
  });
});
