import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../../util/rng.ts';
import { batchNormTraining } from './batch-norm-training.ts';
import { float } from './emit.ts';
import { ones, zeros } from './initializers.ts';
import { Module } from './module.ts';
import type { ShapedSink } from './shaped-sink.ts';
import { registerEmitter } from './emitters.ts';

export interface BatchNormOptions {
  readonly channels: number;
  /**
   * Weight of the old running statistic in each update, Keras's convention: running = momentum * running +
   * (1 - momentum) * batch. Default 0.99 (Keras); PyTorch's momentum 0.1 is 0.9 here.
   */
  readonly momentum?: number;
  /** Added to the variance; default 1e-3 (Keras). PyTorch uses 1e-5. */
  readonly epsilon?: number;
}

/**
 * Batch normalisation over the last axis (channels of NHWC, features of [N, C]). Training normalises with
 * the batch's mean and biased variance and moves the running statistics toward them; inference uses the
 * running statistics. Like Keras, the running variance is updated with the biased batch variance.
 */
export class BatchNorm extends Module {
  readonly kind = 'BatchNorm';
  readonly channels: number;
  readonly momentum: number;
  readonly epsilon: number;
  readonly gamma: tf.Variable;
  readonly beta: tf.Variable;
  readonly movingMean: tf.Variable;
  readonly movingVariance: tf.Variable;

  constructor(options: BatchNormOptions, rng: Rng) {
    super();
    this.channels = options.channels;
    this.momentum = options.momentum ?? 0.99;
    this.epsilon = options.epsilon ?? 1e-3;
    if (!(this.momentum >= 0 && this.momentum < 1)) {
      throw new RangeError(`BatchNorm: momentum must be in [0, 1), got ${this.momentum}`);
    }
    if (!(this.epsilon > 0)) throw new RangeError(`BatchNorm: epsilon must be > 0, got ${this.epsilon}`);
    this.gamma = this.addParameter('gamma', [options.channels], ones, rng);
    this.beta = this.addParameter('beta', [options.channels], zeros, rng);
    this.movingMean = this.addBuffer('moving_mean', [options.channels], 0);
    this.movingVariance = this.addBuffer('moving_variance', [options.channels], 1);
  }

  forward<T extends tf.Tensor>(x: T, training: boolean): T {
    return tf.tidy(() => {
      if (!training) return tf.batchNorm(x, this.movingMean, this.movingVariance, this.beta, this.gamma, this.epsilon) as T;
      return batchNormTraining(x, this.gamma as tf.Tensor1D, this.beta as tf.Tensor1D, this.epsilon, (mean, variance) => this.updateRunningStatistics(mean, variance));
    });
  }

  private updateRunningStatistics(mean: tf.Tensor, variance: tf.Tensor): void {
    const keep = this.momentum;
    this.movingMean.assign(tf.add(tf.mul(this.movingMean, keep), tf.mul(mean, 1 - keep)));
    this.movingVariance.assign(tf.add(tf.mul(this.movingVariance, keep), tf.mul(variance, 1 - keep)));
  }

  /** Per-channel scale and shift of inference mode: y = x * scale + shift. */
  inferenceAffine(): { scale: Float64Array; shift: Float64Array } {
    const gamma = this.gamma.dataSync();
    const beta = this.beta.dataSync();
    const mean = this.movingMean.dataSync();
    const variance = this.movingVariance.dataSync();
    const scale = new Float64Array(this.channels);
    const shift = new Float64Array(this.channels);
    for (let c = 0; c < this.channels; c++) {
      scale[c] = gamma[c]! / Math.sqrt(variance[c]! + this.epsilon);
      shift[c] = beta[c]! - mean[c]! * scale[c]!;
    }
    return { scale, shift };
  }
}

/** A BatchNormalization node in inference mode; the channel axis is 1 (NCHW, or [N, C]). */
export function emitBatchNorm(bn: BatchNorm, sink: ShapedSink, inputs: readonly string[]): string[] {
  const x = inputs[0]!;
  const read = (variable: tf.Variable) => Float32Array.from(variable.dataSync() as Float32Array);
  const dims = [bn.channels];
  const [output] = sink.node(
    'BatchNormalization',
    [
      x,
      sink.initializer('scale', read(bn.gamma), dims),
      sink.initializer('bias', read(bn.beta), dims),
      sink.initializer('mean', read(bn.movingMean), dims),
      sink.initializer('var', read(bn.movingVariance), dims),
    ],
    { epsilon: float(bn.epsilon) },
  );
  sink.setDimsIfKnown(output!, sink.knownDims(x));
  return [output!];
}

registerEmitter('BatchNorm', emitBatchNorm);
