import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { SeparableConv2d } from '../../../../src/training/modules/separable-conv2d.ts';
import { Rng } from '../../../../src/util/rng.ts';
import { expectClose, runEmitted } from './onnx-parity.ts';
import { randomNormal, useCpuBackend } from './tfjs-cpu.ts';

beforeAll(useCpuBackend);

describe('SeparableConv2d', () => {
  it('computes Keras SeparableConv2D (tf.separableConv2d plus bias)', () => {
    const conv = new SeparableConv2d({ inChannels: 3, outChannels: 5, kernel: 3, stride: 2 }, new Rng(1));
    conv.pointwise.bias!.assign(randomNormal([5], 'bias'));
    const x = randomNormal([2, 9, 9, 3], 'x') as tf.Tensor4D;
    const reference = tf.add(
      tf.separableConv2d(x, conv.depthwise.kernel as tf.Tensor4D, conv.pointwise.kernel as tf.Tensor4D, 2, 'same'),
      conv.pointwise.bias!,
    );
    expectClose(conv.forward(x), reference, 1e-5);
  });

  it.each([
    ['stride 2 on odd 9x9', { stride: 2 }, 9],
    ['stride 2 on even 8x8', { stride: 2 }, 8],
    ['dilation 2 without bias', { dilation: 2, bias: false }, 8],
  ] as const)('ONNX depthwise + pointwise Conv matches tfjs (abs 1e-4), %s', async (_, options, size) => {
    const conv = new SeparableConv2d({ inChannels: 3, outChannels: 5, kernel: 3, ...options }, new Rng(2));
    const x = randomNormal([2, size, size, 3], size) as tf.Tensor4D;
    const { outputs, graph } = await runEmitted(conv, x, { layout: 'image' });
    expect(graph.opTypes).toEqual(['Conv', 'Conv']);
    expectClose(outputs[0]!, conv.forward(x), 1e-4);
  });

  it('names its weights depthwise.kernel, pointwise.kernel, pointwise.bias', () => {
    const conv = new SeparableConv2d({ inChannels: 4, outChannels: 8, kernel: 3 }, new Rng(0));
    expect(conv.namedParameters().map(([name, v]) => [name, v.shape])).toEqual([
      ['depthwise.kernel', [3, 3, 4, 1]],
      ['pointwise.kernel', [1, 1, 4, 8]],
      ['pointwise.bias', [8]],
    ]);
  });
});
