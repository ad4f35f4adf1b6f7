import type * as tf from '@tensorflow/tfjs-core';
import type { Module } from './module.ts';
import type { SpatialSize } from './padding.ts';

/**
 * A module that maps an NHWC feature map to another: every backbone stage has this shape, so stages can be
 * chained (Sequential) and a backbone can report its output size without running.
 */
export interface SpatialModule extends Module {
  forward(x: tf.Tensor4D, training: boolean): tf.Tensor4D;
  readonly outChannels: number;
  /** The output's height and width for an input of the given size (what `forward` would give). */
  outputSize(size: SpatialSize): SpatialSize;
}
