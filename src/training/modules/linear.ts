import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../../util/rng.ts';
import { glorotUniform, zeros } from './initializers.ts';
import { Module, type Initializer } from './module.ts';
import type { ShapedSink } from './shaped-sink.ts';
import { registerEmitter } from './emitters.ts';

export interface LinearOptions {
  readonly inFeatures: number;
  readonly outFeatures: number;
  /** Default true. */
  readonly bias?: boolean;
  /** Default Glorot uniform (Keras Dense). */
  readonly init?: Initializer;
}

/** y = x W + b on the last axis, for [N, c] and token sequences [N, T, c]. Kernel [in, out]. */
export class Linear extends Module {
  readonly kind = 'Linear';
  readonly inFeatures: number;
  readonly outFeatures: number;
  readonly kernel: tf.Variable;
  readonly bias: tf.Variable | undefined;

  constructor(options: LinearOptions, rng: Rng) {
    super();
    this.inFeatures = options.inFeatures;
    this.outFeatures = options.outFeatures;
    this.kernel = this.addParameter('kernel', [options.inFeatures, options.outFeatures], options.init ?? glorotUniform, rng);
    this.bias = (options.bias ?? true) ? this.addParameter('bias', [options.outFeatures], zeros, rng) : undefined;
  }

  forward<T extends tf.Tensor2D | tf.Tensor3D>(x: T): T {
    return tf.tidy(() => {
      // One 2-D product over all tokens: a single large matMul is the fastest form on every tfjs back end.
      const rows = tf.reshape(x, [-1, this.inFeatures]) as tf.Tensor2D;
      const product = tf.matMul(rows, this.kernel as tf.Tensor2D);
      const y = this.bias === undefined ? product : tf.add(product, this.bias);
      return tf.reshape<tf.Rank>(y, [...x.shape.slice(0, -1), this.outFeatures]) as T;
    });
  }
}

/** MatMul then Add: MatMul broadcasts over leading axes, so one emitter serves [N, c] and [N, T, c]. */
export function emitLinear(linear: Linear, sink: ShapedSink, inputs: readonly string[]): string[] {
  const x = inputs[0]!;
  const kernel = Float32Array.from(linear.kernel.dataSync() as Float32Array);
  let [output] = sink.node('MatMul', [x, sink.initializer('weight', kernel, [linear.inFeatures, linear.outFeatures])]);
  if (linear.bias !== undefined) {
    const bias = Float32Array.from(linear.bias.dataSync() as Float32Array);
    [output] = sink.node('Add', [output!, sink.initializer('bias', bias, [linear.outFeatures])]);
  }
  const dims = sink.knownDims(x);
  if (dims !== undefined) sink.setDims(output!, [...dims.slice(0, -1), linear.outFeatures]);
  return [output!];
}

registerEmitter('Linear', emitLinear);
