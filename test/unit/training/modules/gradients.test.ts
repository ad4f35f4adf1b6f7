import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, it } from 'vitest';
import { Conv2d } from '../../../../src/training/modules/conv2d.ts';
import { DepthwiseConv2d } from '../../../../src/training/modules/depthwise-conv2d.ts';
import type { Padding } from '../../../../src/training/modules/padding.ts';
import { Rng } from '../../../../src/util/rng.ts';
import { expectClose } from './onnx-parity.ts';
import { randomNormal, useCpuBackend } from './tfjs-cpu.ts';

beforeAll(useCpuBackend);

/** A dilated kernel written out as the equivalent undilated one, zeros between the taps. */
function expandKernel(kernel: tf.Tensor4D, dilation: number): tf.Tensor4D {
  const [k, , inChannels, outChannels] = kernel.shape;
  const size = (k - 1) * dilation + 1;
  const values = kernel.arraySync();
  const expanded = Array.from({ length: size }, (_, y) =>
    Array.from({ length: size }, (_, x) =>
      y % dilation === 0 && x % dilation === 0
        ? values[y / dilation]![x / dilation]!
        : Array.from({ length: inChannels }, () => new Array<number>(outChannels).fill(0)),
    ),
  );
  return tf.tensor4d(expanded);
}

/** The taps of an expanded kernel's gradient that correspond to the dilated kernel's weights. */
function sampleTaps(expanded: tf.Tensor4D, dilation: number, k: number): tf.Tensor4D {
  const values = expanded.arraySync();
  return tf.tensor4d(Array.from({ length: k }, (_, y) => Array.from({ length: k }, (_, x) => values[y * dilation]![x * dilation]!)));
}

describe('gradients tfjs lacks natively', () => {
  it.each([
    ["3x3 dilation 2 'same' on 9x9", 2, 'same', 9],
    ["3x3 dilation 4 'same' on 8x8", 4, 'same', 8],
    ['3x3 dilation 2 pad 2 on 10x10', 2, 2, 10],
  ] as const)('dilated Conv2d (space-to-batch) has the gradient of the equivalent undilated conv, %s', (_, dilation, padding: Padding, size) => {
    const conv = new Conv2d({ inChannels: 2, outChannels: 3, kernel: 3, dilation, padding, bias: false }, new Rng(size));
    const x = randomNormal([2, size, size, 2], `x${size}`) as tf.Tensor4D;
    const weights = randomNormal(conv.forward(x).shape, `w${size}`);
    const loss = (input: tf.Tensor4D, y: (input: tf.Tensor4D) => tf.Tensor) => tf.sum(tf.mul(y(input), weights)) as tf.Scalar;

    const ours = tf.variableGrads(() => loss(x, (input) => conv.forward(input)), [conv.kernel]);
    const expanded = tf.variable(expandKernel(conv.kernel as tf.Tensor4D, dilation));
    const reference = tf.variableGrads(() => loss(x, (input) => tf.conv2d(input, expanded as tf.Tensor4D, 1, padding)), [expanded]);
    expectClose(ours.grads[conv.kernel.name]!, sampleTaps(reference.grads[expanded.name] as tf.Tensor4D, dilation, 3), 1e-4);

    const inputGrad = tf.grad((input) => loss(input as tf.Tensor4D, (i) => conv.forward(i)))(x);
    const referenceInputGrad = tf.grad((input) => loss(input as tf.Tensor4D, (i) => tf.conv2d(i, expanded as tf.Tensor4D, 1, padding)))(x);
    expectClose(inputGrad, referenceInputGrad, 1e-4);
  });

  it('dilated DepthwiseConv2d has the gradient of the equivalent undilated depthwise conv', () => {
    const conv = new DepthwiseConv2d({ channels: 3, kernel: 3, dilation: 2 }, new Rng(1));
    const x = randomNormal([2, 9, 9, 3], 'dw') as tf.Tensor4D;
    const weights = randomNormal([2, 9, 9, 3], 'dw-w');
    const ours = tf.variableGrads(() => tf.sum(tf.mul(conv.forward(x), weights)) as tf.Scalar, [conv.kernel]);
    const expanded = tf.variable(expandKernel(conv.kernel as tf.Tensor4D, 2));
    const reference = tf.variableGrads(
      () => tf.sum(tf.mul(tf.depthwiseConv2d(x, expanded as tf.Tensor4D, 1, 'same'), weights)) as tf.Scalar,
      [expanded],
    );
    expectClose(ours.grads[conv.kernel.name]!, sampleTaps(reference.grads[expanded.name] as tf.Tensor4D, 2, 3), 1e-4);
  });

  it.each([8, 9])('strided 1x1 Conv2d (a matMul) has tf.conv2d gradients on %i x %i', (size) => {
    const conv = new Conv2d({ inChannels: 3, outChannels: 4, kernel: 1, stride: 2 }, new Rng(size));
    const x = randomNormal([2, size, size, 3], `p${size}`) as tf.Tensor4D;
    const weights = randomNormal(conv.forward(x).shape, `pw${size}`);
    const ours = tf.variableGrads(() => tf.sum(tf.mul(conv.forward(x), weights)) as tf.Scalar, [conv.kernel]);
    const reference = tf.variableGrads(
      () => tf.sum(tf.mul(tf.conv2d(x, conv.kernel as tf.Tensor4D, 2, 'same'), weights)) as tf.Scalar,
      [conv.kernel],
    );
    expectClose(ours.grads[conv.kernel.name]!, reference.grads[conv.kernel.name]!, 1e-4);
    const inputGrad = tf.grad((input) => tf.sum(tf.mul(conv.forward(input as tf.Tensor4D), weights)))(x);
    const referenceInputGrad = tf.grad((input) =>
      tf.sum(tf.mul(tf.add(tf.conv2d(input as tf.Tensor4D, conv.kernel as tf.Tensor4D, 2, 'same'), conv.bias!), weights)),
    )(x);
    expectClose(inputGrad, referenceInputGrad, 1e-5);
  });
});
