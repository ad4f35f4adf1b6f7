import type * as tf from '@tensorflow/tfjs-core';
import { emitModule } from '../modules/emitters.ts';
import { InputNormalization, type InputNormalizationOptions } from '../modules/input-normalization.ts';
import { Module } from '../modules/module.ts';
import type { SpatialSize } from '../modules/padding.ts';
import type { ShapedSink } from '../modules/shaped-sink.ts';
import type { SpatialModule } from '../modules/spatial-module.ts';

/** A CNN trunk: image NHWC [N, S, S, 3] -> feature map NHWC [N, h, w, outChannels]. */
export abstract class Backbone extends Module implements SpatialModule {
  abstract readonly outChannels: number;
  abstract forward(x: tf.Tensor4D, training: boolean): tf.Tensor4D;
  abstract outputSize(size: SpatialSize): SpatialSize;
  /** The pretrained weights' input scaling, applied before the first convolution; undefined: none. */
  inputNormalization: InputNormalization | undefined;

  /** Subclasses call this first, so the scaling is the first thing both the forward and the graph do. */
  protected addInputNormalization(options: InputNormalizationOptions | undefined): void {
    this.inputNormalization = options === undefined ? undefined : this.addModule('input_normalization', new InputNormalization(options));
  }

  protected normalizeInput(x: tf.Tensor4D): tf.Tensor4D {
    return this.inputNormalization === undefined ? x : this.inputNormalization.forward(x);
  }

  /** The feature map's grid for an input of `height` x `width` pixels (square by default). */
  featureSize(height: number, width = height): { h: number; w: number } {
    const size = this.outputSize({ height, width });
    return { h: size.height, w: size.width };
  }
}

/** The graph counterpart of `normalizeInput`, for the backbones' emitters. */
export function emitNormalizedInput(net: Backbone, sink: ShapedSink, inputs: readonly string[]): string[] {
  return net.inputNormalization === undefined ? [...inputs] : emitModule(net.inputNormalization, sink, inputs);
}

/** A published channel count scaled by the width multiplier: rounded, and never below 8. */
export function scaleChannels(channels: number, widthMultiplier: number): number {
  return Math.max(8, Math.round(channels * widthMultiplier));
}
