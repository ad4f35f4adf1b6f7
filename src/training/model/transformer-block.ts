import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../../util/rng.ts';
import { emitModule, registerEmitter } from '../modules/emitters.ts';
import { LayerNorm } from '../modules/layer-norm.ts';
import { MLP } from '../modules/mlp.ts';
import { Module } from '../modules/module.ts';
import { MultiHeadAttention } from '../modules/multi-head-attention.ts';
import type { ShapedSink } from '../modules/shaped-sink.ts';

export interface TransformerBlockOptions {
  readonly dim: number;
  readonly heads: number;
  readonly mlpDim: number;
}

export interface TransformerBlockResult {
  /** [N, T, dim] */
  readonly output: tf.Tensor3D;
  /** The block's per-head attention probabilities [N, heads, T, T]. */
  readonly attention: tf.Tensor4D;
}

/** A pre-norm ViT encoder block: x += MHA(LN(x)); x += MLP(LN(x)). */
export class TransformerBlock extends Module {
  readonly kind = 'TransformerBlock';
  readonly norm1: LayerNorm;
  readonly attention: MultiHeadAttention;
  readonly norm2: LayerNorm;
  readonly mlp: MLP;

  constructor(options: TransformerBlockOptions, rng: Rng) {
    super();
    const { dim, heads, mlpDim } = options;
    this.norm1 = this.addModule('norm1', new LayerNorm({ features: dim }, rng));
    this.attention = this.addModule('attention', new MultiHeadAttention({ dim, heads }, rng));
    this.norm2 = this.addModule('norm2', new LayerNorm({ features: dim }, rng));
    this.mlp = this.addModule('mlp', new MLP({ features: dim, hidden: mlpDim }, rng));
  }

  forward(x: tf.Tensor3D): TransformerBlockResult {
    return tf.tidy(() => {
      const attended = this.attention.forward(this.norm1.forward(x));
      const y = tf.add(x, attended.output) as tf.Tensor3D;
      return { output: tf.add(y, this.mlp.forward(this.norm2.forward(y))) as tf.Tensor3D, attention: attended.attention };
    });
  }
}

/** Outputs [output [N, T, dim], attention [N, heads, T, T]]. */
export function emitTransformerBlock(block: TransformerBlock, sink: ShapedSink, inputs: readonly string[]): string[] {
  const x = inputs[0]!;
  const [attended, attention] = emitModule(block.attention, sink, emitModule(block.norm1, sink, [x]));
  const [y] = sink.node('Add', [x, attended!]);
  const [output] = sink.node('Add', [y!, emitModule(block.mlp, sink, emitModule(block.norm2, sink, [y!]))[0]!]);
  sink.setDimsIfKnown(y!, sink.knownDims(x));
  sink.setDimsIfKnown(output!, sink.knownDims(x));
  return [output!, attention!];
}

registerEmitter('TransformerBlock', emitTransformerBlock);
