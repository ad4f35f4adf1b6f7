import * as tf from '@tensorflow/tfjs-core';
import { Module } from './module.ts';
import type { ShapedSink } from './shaped-sink.ts';
import { registerEmitter } from './emitters.ts';

export interface InputNormalizationOptions {
  /** Per RGB channel, subtracted from the [0, 1] pixels. */
  readonly mean: readonly number[];
  /** Per RGB channel, divides the centred pixels. */
  readonly std: readonly number[];
}

/**
 * (x - mean) / std per channel: the input scaling that ImageNet weights were trained with (torchvision's
 * ImageNet statistics, or [-1, 1] for Keras's and timm's Xception). Constants, not state, so a checkpoint
 * holds nothing for it; it lives inside the graphs, so runtimes still feed pixels / 255.
 */
export class InputNormalization extends Module {
  readonly kind = 'InputNormalization';
  readonly mean: readonly number[];
  readonly std: readonly number[];

  constructor(options: InputNormalizationOptions) {
    super();
    const { mean, std } = options;
    if (mean.length !== std.length || mean.length === 0) {
      throw new RangeError(`InputNormalization: mean and std need one value per channel, got ${mean.length} and ${std.length}`);
    }
    if (!std.every((value) => value > 0) || !mean.every(Number.isFinite)) {
      throw new RangeError(`InputNormalization: expected finite means and std > 0, got mean [${mean}] std [${std}]`);
    }
    this.mean = [...mean];
    this.std = [...std];
  }

  /** NHWC: the constants broadcast over the last axis. */
  forward(x: tf.Tensor4D): tf.Tensor4D {
    return tf.tidy(() => tf.div(tf.sub(x, tf.tensor1d(Float32Array.from(this.mean))), tf.tensor1d(Float32Array.from(this.std))));
  }
}

/** Sub then Div with [1, C, 1, 1] constants (NCHW), the same two float32 operations as the tfjs forward. */
export function emitInputNormalization(module: InputNormalization, sink: ShapedSink, inputs: readonly string[]): string[] {
  const x = inputs[0]!;
  const dims = [1, module.mean.length, 1, 1];
  const [centred] = sink.node('Sub', [x, sink.initializer('mean', Float32Array.from(module.mean), dims)]);
  const [output] = sink.node('Div', [centred!, sink.initializer('std', Float32Array.from(module.std), dims)]);
  sink.setDimsIfKnown(output!, sink.knownDims(x));
  return [output!];
}

registerEmitter('InputNormalization', emitInputNormalization);
