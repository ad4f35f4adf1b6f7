import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../../util/rng.ts';
import { emitModule, registerEmitter } from './emitters.ts';
import { Linear } from './linear.ts';
import { Module, type Initializer } from './module.ts';
import type { ShapedSink } from './shaped-sink.ts';

export interface MultiHeadAttentionOptions {
  readonly dim: number;
  /** Must divide `dim`. */
  readonly heads: number;
  /** For the q/k/v and output projections; default Glorot uniform. */
  readonly init?: Initializer;
}

export interface AttentionResult {
  /** [N, T, dim] */
  readonly output: tf.Tensor3D;
  /** Per-head softmax probabilities [N, heads, T, T]; each row sums to 1. */
  readonly attention: tf.Tensor4D;
}

/**
 * Multi-head self-attention with one fused q/k/v projection (one matMul instead of three), scaled
 * dot-product scores, softmax over keys, and an output projection. Returns the attention probabilities
 * too: the method reads the last block's as the teacher's attention map.
 */
export class MultiHeadAttention extends Module {
  readonly kind = 'MultiHeadAttention';
  readonly dim: number;
  readonly heads: number;
  readonly headDim: number;
  readonly qkv: Linear;
  readonly proj: Linear;

  constructor(options: MultiHeadAttentionOptions, rng: Rng) {
    super();
    const { dim, heads, init } = options;
    if (!Number.isInteger(heads) || heads < 1 || dim % heads !== 0) {
      throw new RangeError(`MultiHeadAttention: heads must be a positive integer dividing dim ${dim}, got ${heads}`);
    }
    this.dim = dim;
    this.heads = heads;
    this.headDim = dim / heads;
    this.qkv = this.addModule('qkv', new Linear({ inFeatures: dim, outFeatures: 3 * dim, init }, rng));
    this.proj = this.addModule('proj', new Linear({ inFeatures: dim, outFeatures: dim, init }, rng));
  }

  /** Multiplies the queries, so the scores need no scaling: T x headDim products instead of T x T. */
  get scale(): number {
    return 1 / Math.sqrt(this.headDim);
  }

  forward(x: tf.Tensor3D): AttentionResult {
    return tf.tidy(() => {
      const [n, t] = x.shape;
      // Split, then one 4-D transpose per part: the same numbers as a 5-D [3, N, heads, T, headDim] transpose
      // (the ONNX graph's form), which wasm runs through a generic 6-D loop, 25 ms of a small step.
      const heads = (part: tf.Tensor) => tf.transpose(tf.reshape(part, [n, t, this.heads, this.headDim]), [0, 2, 1, 3]) as tf.Tensor4D;
      const [q, k, v] = tf.split(this.qkv.forward(x), 3, 2).map(heads) as [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D];
      const attention = tf.softmax(tf.matMul(tf.mul(q, this.scale), k, false, true)) as tf.Tensor4D;
      const context = tf.reshape(tf.transpose(tf.matMul(attention, v), [0, 2, 1, 3]), [n, t, this.dim]) as tf.Tensor3D;
      return { output: this.proj.forward(context), attention };
    });
  }
}

/** Outputs [output [N, T, dim], attention [N, heads, T, T]]. */
export function emitMultiHeadAttention(mha: MultiHeadAttention, sink: ShapedSink, inputs: readonly string[]): string[] {
  const x = inputs[0]!;
  const [qkv] = emitModule(mha.qkv, sink, [x]);
  const split = sink.int64Initializer('qkv_shape', [0, 0, 3, mha.heads, mha.headDim], [5]);
  const [reshaped] = sink.node('Reshape', [qkv!, split]);
  const [stacked] = sink.node('Transpose', [reshaped!], { perm: [2, 0, 3, 1, 4] });
  const pick = (index: number, name: string) =>
    sink.node('Gather', [stacked!, sink.int64Initializer(`${name}_index`, [index], [])], { axis: 0 })[0]!;
  const [q, k, v] = [pick(0, 'q'), pick(1, 'k'), pick(2, 'v')];
  const [scaled] = sink.node('Mul', [q, sink.initializer('scale', Float32Array.of(mha.scale), [])]);
  const [keysT] = sink.node('Transpose', [k], { perm: [0, 1, 3, 2] });
  const [scores] = sink.node('MatMul', [scaled!, keysT!]);
  const [attention] = sink.node('Softmax', [scores!], { axis: -1 });
  const [context] = sink.node('MatMul', [attention!, v]);
  const [tokens] = sink.node('Transpose', [context!], { perm: [0, 2, 1, 3] });
  const [merged] = sink.node('Reshape', [tokens!, sink.int64Initializer('merge_shape', [0, 0, mha.dim], [3])]);
  const dims = sink.knownDims(x);
  if (dims !== undefined) {
    sink.setDims(merged!, dims);
    sink.setDims(attention!, [dims[0]!, mha.heads, dims[1]!, dims[1]!]);
  }
  const [output] = emitModule(mha.proj, sink, [merged!]);
  return [output!, attention!];
}

registerEmitter('MultiHeadAttention', emitMultiHeadAttention);
