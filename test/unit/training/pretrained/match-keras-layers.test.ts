import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KerasLayer } from '../../../../src/training/pretrained/keras-xception-layers.ts';
import { matchKerasLayers } from '../../../../src/training/pretrained/match-keras-layers.ts';
import type { StoredKerasLayer } from '../../../../src/training/pretrained/read-keras-h5.ts';
import { slot } from '../../../../src/training/pretrained/weight-slot.ts';
import { useCpuBackend } from '../modules/tfjs-cpu.ts';

beforeAll(useCpuBackend);
const variables = [tf.variable(tf.zeros([3, 3, 3, 8])), tf.variable(tf.zeros([8])), tf.variable(tf.zeros([1, 1, 3, 8]))];
afterAll(() => variables.forEach((variable) => variable.dispose()));
const [kernel, gamma, shortcut] = variables as [tf.Variable, tf.Variable, tf.Variable];

const model: KerasLayer[] = [
  { name: 'block1_conv1', weights: [slot('block1_conv1/kernel', kernel, 'as-is')] },
  { name: 'block1_conv1_bn', weights: [slot('block1_conv1_bn/gamma', gamma, 'as-is')] },
  { name: 'conv2d_1', weights: [slot('conv2d_1/kernel', shortcut, 'as-is')] },
];
const stored = (name: string, ...shapes: number[][]): StoredKerasLayer => ({
  name,
  weights: shapes.map((shape, i) => ({ name: `${name}_${i}:0`, shape, data: new Float32Array(shape.reduce((a, b) => a * b, 1)) })),
});

describe('matchKerasLayers', () => {
  it("pairs layers by position, as Keras loads h5 weights, whatever names Keras generated for them", () => {
    const file = [stored('convolution2d_1', [3, 3, 3, 8]), stored('batchnormalization_1', [8]), stored('convolution2d_3', [1, 1, 3, 8])];
    const { matches, report } = matchKerasLayers(model, file);
    expect(matches.map((match) => [match.slot.source, match.tensor])).toEqual(model.map((layer, i) => [layer.weights[0]!.source, file[i]!.weights[0]]));
    expect(report).toEqual({ missing: [], unexpected: [], mismatched: [], ignored: [] });
  });

  it("refuses a layer whose Keras source name differs from the model's at that position, and a weight count that differs", () => {
    const { matches, report } = matchKerasLayers(model, [stored('block1_conv2', [3, 3, 3, 8]), stored('block1_conv1_bn', [8], [8]), stored('conv2d_7', [1, 1, 3, 8]), stored('extra', [2])]);
    expect(matches.map((match) => match.slot.source)).toEqual(['conv2d_1/kernel']);
    expect(report.mismatched).toEqual([
      { name: 'block1_conv1/kernel', fileShape: [3, 3, 3, 8], modelShape: [3, 3, 3, 8], note: 'layer 1 with weights in the file, "block1_conv2", stands where this model has "block1_conv1"' },
      { name: 'block1_conv1_bn/gamma', fileShape: [8], modelShape: [8], note: 'layer 2 with weights in the file, "block1_conv1_bn", has 2 weights where this model has 1' },
    ]);
    expect(report.unexpected).toEqual(['extra_0:0']);
    expect(matchKerasLayers(model, [stored('block1_conv1', [3, 3, 3, 8])]).report.missing).toEqual(['block1_conv1_bn/gamma', 'conv2d_1/kernel']);
  });
});
