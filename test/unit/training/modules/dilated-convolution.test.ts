import * as tf from '@tensorflow/tfjs-core';
import { describe, it } from 'vitest';
import { dilatedConv2d, dilatedDepthwiseConv2d } from '../../../../src/training/modules/dilated-convolution.ts';
import type { Padding, Window } from '../../../../src/training/modules/padding.ts';
import { expectClose, normals, valuesOn, wasmUnavailableReason } from '../backend/wasm-kernels/wasm-vs-cpu.ts';
import { atrousConvolution } from './atrous-reference.ts';

const missing = await wasmUnavailableReason();
if (missing) console.warn(`skipping the dilated convolutions on wasm: ${missing}`);

interface Case {
  size: number;
  dilation: number;
  padding: Padding;
  depthwise: boolean;
  multiplier: number;
}
const cases: Case[] = [];
for (const depthwise of [false, true]) {
  for (const [size, dilation] of [[7, 2], [8, 2], [9, 4]] as const) {
    for (const padding of ['same', 'valid', 2] as const) {
      if (padding === 'valid' && size <= 2 * dilation) continue;
      for (const multiplier of depthwise ? [1, 2] : [1]) cases.push({ size, dilation, padding, depthwise, multiplier });
    }
  }
}
const name = (c: Case) => `${c.depthwise ? `depthwise (multiplier ${c.multiplier})` : 'conv2d'} 3x3 dilation ${c.dilation} padding ${c.padding} on [2,${c.size},${c.size},3]`;

/** Output, dx and dW of sum(y * r) for a fixed random r, concatenated: one comparison covers all three. */
function valueAndGradients(c: Case, form: 'dilated' | 'atrous'): tf.Tensor {
  return tf.tidy(() => {
    const x = tf.tensor4d(normals(2 * c.size * c.size * 3, `x ${name(c)}`), [2, c.size, c.size, 3]);
    const kernelShape: [number, number, number, number] = [3, 3, 3, c.depthwise ? c.multiplier : 4];
    const kernel = tf.tensor4d(normals(kernelShape.reduce((a, b) => a * b), `w ${name(c)}`), kernelShape);
    const window: Window = { kernel: 3, stride: 1, dilation: c.dilation, padding: c.padding };
    const convolve = (input: tf.Tensor4D, filter: tf.Tensor4D): tf.Tensor4D => {
      if (form === 'dilated') return c.depthwise ? dilatedDepthwiseConv2d(input, filter, window) : dilatedConv2d(input, filter, window);
      return atrousConvolution(input, window, (blocks) => (c.depthwise ? tf.depthwiseConv2d(blocks, filter, 1, 'valid') : tf.conv2d(blocks, filter, 1, 'valid')));
    };
    const y = convolve(x, kernel);
    const weights = tf.tensor(normals(y.size, `r ${name(c)}`), y.shape);
    const [dx, dw] = tf.grads((input: tf.Tensor, filter: tf.Tensor) => tf.sum(tf.mul(convolve(input as tf.Tensor4D, filter as tf.Tensor4D), weights)))([x, kernel]);
    return tf.concat([y, dx!, dw!].map((t) => tf.reshape(t, [-1])));
  });
}

describe('dilated convolutions with their own gradients', () => {
  it.each(cases.map((c) => [name(c), c] as const))('%s: value and gradients equal the space-to-batch form on cpu to 1e-5 relative', async (label, c) => {
    const dilated = await valuesOn('cpu', () => valueAndGradients(c, 'dilated'));
    const atrous = await valuesOn('cpu', () => valueAndGradients(c, 'atrous'));
    expectClose(dilated, atrous, 1e-5, label);
  });

  it.skipIf(missing !== null).each(cases.map((c) => [name(c), c] as const))('%s: on wasm, equal the space-to-batch form on cpu to 1e-5 relative', async (label, c) => {
    const wasm = await valuesOn('wasm', () => valueAndGradients(c, 'dilated'));
    const atrous = await valuesOn('cpu', () => valueAndGradients(c, 'atrous'));
    expectClose(wasm, atrous, 1e-5, label);
  });
});
