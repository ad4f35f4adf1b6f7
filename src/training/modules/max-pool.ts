import * as tf from '@tensorflow/tfjs-core';
import { knownSpatialSize, sizeFreeProbe, spatialSizeOf } from './convolution-node.ts';
import { Module } from './module.ts';
import {
  onnxPads,
  padsDependOnSize,
  validateWindow,
  windowOutputSize,
  type Padding,
  type SpatialSize,
  type Window,
} from './padding.ts';
import type { ShapedSink } from './shaped-sink.ts';
import { registerEmitter } from './emitters.ts';

export interface MaxPoolOptions {
  readonly kernel: number;
  readonly stride: number;
  /** 'same' (Keras Xception's 3x3 stride-2 pools) or an explicit pad (torchvision ResNet's stem: 1). */
  readonly padding: Padding;
}

/**
 * Max pooling over square windows. Padded positions never win (tfjs skips them, ONNX pads with -inf), so
 * 'same' and explicit pads behave alike in both.
 */
export class MaxPool extends Module {
  readonly kind = 'MaxPool';
  readonly window: Window;

  constructor(options: MaxPoolOptions) {
    super();
    this.window = { kernel: options.kernel, stride: options.stride, dilation: 1, padding: options.padding };
    validateWindow(this.window, 'MaxPool');
  }

  forward(x: tf.Tensor4D): tf.Tensor4D {
    const { kernel, stride, padding } = this.window;
    return tf.maxPool(x, kernel, stride, padding);
  }

  outputSize(size: SpatialSize): SpatialSize {
    return windowOutputSize(size, this.window, `MaxPool "${this.name}"`);
  }
}

export function emitMaxPool(pool: MaxPool, sink: ShapedSink, inputs: readonly string[]): string[] {
  const x = inputs[0]!;
  const who = `MaxPool "${pool.name}"`;
  const inputDims = sink.knownDims(x);
  const inputSize = padsDependOnSize(pool.window) ? spatialSizeOf(sink, x, who) : knownSpatialSize(inputDims);
  const { kernel, stride } = pool.window;
  const [output] = sink.node('MaxPool', [x], {
    kernel_shape: [kernel, kernel],
    pads: onnxPads(inputSize ?? sizeFreeProbe(pool.window), pool.window),
    strides: [stride, stride],
  });
  if (inputDims !== undefined && inputSize !== undefined) {
    const out = windowOutputSize(inputSize, pool.window, who);
    sink.setDims(output!, [inputDims[0]!, inputDims[1]!, out.height, out.width]);
  }
  return [output!];
}

registerEmitter('MaxPool', emitMaxPool);
