import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../../util/rng.ts';
import { float } from './emit.ts';
import { ones, zeros } from './initializers.ts';
import { Module } from './module.ts';
import type { ShapedSink } from './shaped-sink.ts';
import { registerEmitter } from './emitters.ts';

export interface LayerNormOptions {
  readonly features: number;
  /** Default 1e-6, the ViT reference's value. */
  readonly epsilon?: number;
}

/** Normalises each vector over the last axis (biased variance), then scales by gamma and shifts by beta. */
export class LayerNorm extends Module {
  readonly kind = 'LayerNorm';
  readonly features: number;
  readonly epsilon: number;
  readonly gamma: tf.Variable;
  readonly beta: tf.Variable;

  constructor(options: LayerNormOptions, rng: Rng) {
    super();
    this.features = options.features;
    this.epsilon = options.epsilon ?? 1e-6;
    if (!(this.epsilon > 0)) throw new RangeError(`LayerNorm: epsilon must be > 0, got ${this.epsilon}`);
    this.gamma = this.addParameter('gamma', [options.features], ones, rng);
    this.beta = this.addParameter('beta', [options.features], zeros, rng);
  }

  forward<T extends tf.Tensor>(x: T): T {
    return tf.tidy(() => {
      const { mean, variance } = tf.moments(x, -1, true);
      const normalised = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, this.epsilon)));
      return tf.add(tf.mul(normalised, this.gamma), this.beta) as T;
    });
  }
}

/** Opset 17's LayerNormalization over the last axis. */
export function emitLayerNorm(norm: LayerNorm, sink: ShapedSink, inputs: readonly string[]): string[] {
  const x = inputs[0]!;
  const read = (variable: tf.Variable) => Float32Array.from(variable.dataSync() as Float32Array);
  const scale = sink.initializer('scale', read(norm.gamma), [norm.features]);
  const bias = sink.initializer('bias', read(norm.beta), [norm.features]);
  const [output] = sink.node('LayerNormalization', [x, scale, bias], { axis: -1, epsilon: float(norm.epsilon) });
  sink.setDimsIfKnown(output!, sink.knownDims(x));
  return [output!];
}

registerEmitter('LayerNorm', emitLayerNorm);
