import * as tf from '@tensorflow/tfjs-core';
import { float } from './emit.ts';
import { registerEmitter } from './emitters.ts';
import { Module } from './module.ts';
import type { SpatialSize } from './padding.ts';
import type { ShapedSink } from './shaped-sink.ts';
import type { SpatialModule } from './spatial-module.ts';

/**
 * max(x, alpha * x): darknet's "leaky" activation (alpha 0.1), which the tiny YOLO family puts after every
 * convolution. Stateless; a spatial stage so it chains in a Sequential.
 */
export class LeakyReLU extends Module implements SpatialModule {
  readonly kind = 'LeakyReLU';
  readonly alpha: number;
  readonly outChannels: number;

  constructor(options: { alpha: number; channels: number }) {
    super();
    if (!(options.alpha > 0 && options.alpha < 1)) throw new RangeError(`LeakyReLU: alpha must be in (0, 1), got ${options.alpha}`);
    this.alpha = options.alpha;
    this.outChannels = options.channels;
  }

  forward(x: tf.Tensor4D): tf.Tensor4D {
    return tf.leakyRelu(x, this.alpha);
  }

  outputSize(size: SpatialSize): SpatialSize {
    return size;
  }
}

export function emitLeakyReLU(module: LeakyReLU, sink: ShapedSink, inputs: readonly string[]): string[] {
  const [output] = sink.node('LeakyRelu', [inputs[0]!], { alpha: float(module.alpha) });
  sink.setDimsIfKnown(output!, sink.knownDims(inputs[0]!));
  return [output!];
}

registerEmitter('LeakyReLU', emitLeakyReLU);
