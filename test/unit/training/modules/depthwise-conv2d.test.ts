import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { DepthwiseConv2d } from '../../../../src/training/modules/depthwise-conv2d.ts';
import type { Padding } from '../../../../src/training/modules/padding.ts';
import { Rng } from '../../../../src/util/rng.ts';
import { expectClose, runEmitted } from './onnx-parity.ts';
import { randomNormal, useCpuBackend } from './tfjs-cpu.ts';

beforeAll(useCpuBackend);

interface Case {
  size: number;
  stride?: number;
  dilation?: number;
  padding: Padding;
  multiplier?: number;
}

const cases: Case[] = [
  { size: 8, padding: 'same' },
  { size: 8, stride: 2, padding: 'same' },
  { size: 9, stride: 2, padding: 'same' },
  { size: 9, padding: 'valid', multiplier: 2 },
  { size: 9, dilation: 2, padding: 'same' },
  { size: 10, dilation: 4, padding: 'same', multiplier: 3 },
  { size: 8, dilation: 2, padding: 1 },
];
const named = cases.map(
  (c) =>
    [`3x3 stride ${c.stride ?? 1} dilation ${c.dilation ?? 1} padding ${c.padding} multiplier ${c.multiplier ?? 1} on ${c.size}`, c] as const,
);

describe('DepthwiseConv2d', () => {
  it.each(named)('tfjs forward matches tf.depthwiseConv2d, %s', (name, c) => {
    const conv = new DepthwiseConv2d({ channels: 4, kernel: 3, ...c }, new Rng([1, name]));
    const x = randomNormal([2, c.size, c.size, 4], name) as tf.Tensor4D;
    const reference = tf.depthwiseConv2d(x, conv.kernel as tf.Tensor4D, c.stride ?? 1, c.padding, 'NHWC', c.dilation ?? 1);
    expectClose(conv.forward(x), reference, 1e-5);
  });

  it.each(named)('ONNX grouped Conv matches tfjs (abs 1e-4), %s', async (name, c) => {
    const conv = new DepthwiseConv2d({ channels: 4, kernel: 3, ...c }, new Rng([2, name]));
    const x = randomNormal([2, c.size, c.size, 4], name) as tf.Tensor4D;
    const { outputs, graph } = await runEmitted(conv, x, { layout: 'image' });
    expect(graph.opTypes).toEqual(['Conv']);
    expectClose(outputs[0]!, conv.forward(x), 1e-4);
  });

  it('has one kernel [k, k, channels, multiplier] and no bias', () => {
    const conv = new DepthwiseConv2d({ channels: 6, kernel: 3, multiplier: 2 }, new Rng(0));
    expect(conv.namedParameters().map(([name, v]) => [name, v.shape])).toEqual([['kernel', [3, 3, 6, 2]]]);
    expect(conv.outChannels).toBe(12);
  });
});
