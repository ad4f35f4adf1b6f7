import type * as tf from '@tensorflow/tfjs-core';
import { Module } from '../modules/module.ts';
import type { SpatialSize } from '../modules/padding.ts';
import type { SpatialModule } from '../modules/spatial-module.ts';

/** A CNN trunk: image NHWC [N, S, S, 3] -> feature map NHWC [N, h, w, outChannels]. */
export abstract class Backbone extends Module implements SpatialModule {
  abstract readonly outChannels: number;
  abstract forward(x: tf.Tensor4D, training: boolean): tf.Tensor4D;
  abstract outputSize(size: SpatialSize): SpatialSize;

  /** The feature map's grid for an input of `height` x `width` pixels (square by default). */
  featureSize(height: number, width = height): { h: number; w: number } {
    const size = this.outputSize({ height, width });
    return { h: size.height, w: size.width };
  }
}

/** A published channel count scaled by the width multiplier: rounded, and never below 8. */
export function scaleChannels(channels: number, widthMultiplier: number): number {
  return Math.max(8, Math.round(channels * widthMultiplier));
}
