import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { Conv2d } from '../../../../src/training/modules/conv2d.ts';
import type { Padding } from '../../../../src/training/modules/padding.ts';
import { Rng } from '../../../../src/util/rng.ts';
import { expectClose, runEmitted } from './onnx-parity.ts';
import { randomNormal, useCpuBackend } from './tfjs-cpu.ts';

beforeAll(useCpuBackend);

interface Case {
  size: number;
  kernel: number;
  stride?: number;
  dilation?: number;
  padding: Padding;
  bias?: boolean;
}

const cases: Case[] = [
  { size: 8, kernel: 3, padding: 'same' },
  { size: 8, kernel: 3, stride: 2, padding: 'same' },
  { size: 9, kernel: 3, stride: 2, padding: 'same' },
  { size: 10, kernel: 3, stride: 3, padding: 'same' },
  { size: 9, kernel: 2, stride: 2, padding: 'same' },
  { size: 9, kernel: 3, stride: 2, padding: 'valid' },
  { size: 10, kernel: 7, stride: 2, padding: 3 },
  { size: 9, kernel: 3, dilation: 2, padding: 'same' },
  { size: 8, kernel: 3, dilation: 4, padding: 'same' },
  { size: 11, kernel: 3, dilation: 2, padding: 2 },
  { size: 9, kernel: 3, dilation: 2, padding: 'valid' },
  { size: 8, kernel: 1, stride: 2, padding: 'same', bias: false },
  { size: 9, kernel: 1, stride: 2, padding: 'same' },
  { size: 7, kernel: 1, padding: 'valid', bias: false },
];

const describeCase = (c: Case) =>
  `${c.kernel}x${c.kernel} stride ${c.stride ?? 1} dilation ${c.dilation ?? 1} padding ${c.padding} on ${c.size}x${c.size}` +
  (c.bias === false ? ' without bias' : '');

const named = cases.map((c) => [describeCase(c), c] as const);

describe('Conv2d', () => {
  it.each(named)('tfjs forward matches tf.conv2d, %s', (_, c) => {
    const conv = new Conv2d({ inChannels: 3, outChannels: 5, ...c }, new Rng([1, describeCase(c)]));
    if (conv.bias) conv.bias.assign(randomNormal([5], 'bias'));
    const x = randomNormal([2, c.size, c.size, 3], describeCase(c)) as tf.Tensor4D;
    const y = conv.forward(x);
    // tf.conv2d's own dilated forward (it has no dilated gradient, which is why Conv2d does not use it).
    const reference = tf.tidy(() => {
      const raw = tf.conv2d(x, conv.kernel as tf.Tensor4D, c.stride ?? 1, c.padding, 'NHWC', c.dilation ?? 1);
      return conv.bias ? tf.add(raw, conv.bias) : raw;
    });
    expectClose(y, reference, 1e-5);
    const size = conv.outputSize({ height: c.size, width: c.size });
    expect(y.shape).toEqual([2, size.height, size.width, 5]);
  });

  it.each(named)('ONNX Conv with explicit pads matches tfjs (abs 1e-4), %s', async (_, c) => {
    const conv = new Conv2d({ inChannels: 3, outChannels: 5, ...c }, new Rng([2, describeCase(c)]));
    if (conv.bias) conv.bias.assign(randomNormal([5], 'bias'));
    const x = randomNormal([2, c.size, c.size, 3], describeCase(c)) as tf.Tensor4D;
    const { outputs, graph } = await runEmitted(conv, x, { layout: 'image' });
    expect(graph.opTypes).toEqual(['Conv']);
    expectClose(outputs[0]!, conv.forward(x), 1e-4);
  });

  it('has kernel HWIO [k, k, in, out] and bias [out], named after Keras', () => {
    const conv = new Conv2d({ inChannels: 3, outChannels: 4, kernel: 5 }, new Rng(0));
    expect(conv.namedParameters().map(([name, v]) => [name, v.shape])).toEqual([
      ['kernel', [5, 5, 3, 4]],
      ['bias', [4]],
    ]);
    expect(conv.parameterCount()).toBe(5 * 5 * 3 * 4 + 4);
  });

  it('gives the same weights for the same seed and different ones for another', () => {
    const a = new Conv2d({ inChannels: 2, outChannels: 2, kernel: 3 }, new Rng(7));
    const b = new Conv2d({ inChannels: 2, outChannels: 2, kernel: 3 }, new Rng(7));
    const c = new Conv2d({ inChannels: 2, outChannels: 2, kernel: 3 }, new Rng(8));
    expect(Array.from(a.kernel.dataSync())).toEqual(Array.from(b.kernel.dataSync()));
    expect(Array.from(a.kernel.dataSync())).not.toEqual(Array.from(c.kernel.dataSync()));
  });

  it('rejects a window that is both strided and dilated, naming both', () => {
    expect(() => new Conv2d({ inChannels: 1, outChannels: 1, kernel: 3, stride: 2, dilation: 2 }, new Rng(0))).toThrow(
      /stride 2 and dilation 2 cannot both exceed 1/,
    );
    expect(() => new Conv2d({ inChannels: 1, outChannels: 1, kernel: 0 }, new Rng(0))).toThrow(RangeError);
  });
});
