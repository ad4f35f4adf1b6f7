import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../../util/rng.ts';
import type { Backbone } from '../backbones/backbone.ts';
import { createBackbone } from '../backbones/create-backbone.ts';
import { featureGrid, type ModelConfig } from '../config.ts';
import { emitModule, registerEmitter } from '../modules/emitters.ts';
import { GlobalAveragePool } from '../modules/global-average-pool.ts';
import { LayerNorm } from '../modules/layer-norm.ts';
import { Linear } from '../modules/linear.ts';
import { Module } from '../modules/module.ts';
import type { ShapedSink } from '../modules/shaped-sink.ts';
import { assertGrid } from './assert-grid.ts';
import { squeezeLastAxis } from './squeeze-last-axis.ts';
import { TokenEmbedding } from './token-embedding.ts';
import { TransformerBlock } from './transformer-block.ts';

export interface TeacherOutput {
  /** [N] the CNN branch's logit (GAP -> Linear). */
  readonly cnnLogit: tf.Tensor1D;
  /** [N] the ViT branch's logit (final LN, class token -> Linear). */
  readonly vitLogit: tf.Tensor1D;
  /** [N, h*w] the last block's attention averaged over heads, class-token row, spatial columns (eq. 2). */
  readonly attention: tf.Tensor2D;
  /** [N, heads, 1 + h*w, 1 + h*w] the last block's per-head attention, for the diversity loss. */
  readonly headAttention: tf.Tensor4D;
}

/**
 * The teacher: a CNN whose feature map X_t feeds a classifier (GAP -> Linear) and a small ViT that treats
 * X_t's h*w vectors as tokens. The ViT's attention says where the evidence is; the student is denied it.
 */
export class Teacher extends Module {
  readonly kind = 'Teacher';
  readonly grid: { h: number; w: number };
  readonly backbone: Backbone;
  readonly pool: GlobalAveragePool;
  readonly cnnHead: Linear;
  readonly embedding: TokenEmbedding;
  readonly blocks: readonly TransformerBlock[];
  readonly norm: LayerNorm;
  readonly vitHead: Linear;

  constructor(config: ModelConfig, rng: Rng) {
    super();
    const { h, w } = featureGrid(config);
    const { dim, heads, mlpDim, blocks } = config.vit;
    this.grid = { h, w };
    this.backbone = this.addModule('backbone', createBackbone(config.teacherBackbone, rng, 'teacherBackbone'));
    assertGrid(this.backbone, config, 'teacherBackbone');
    const channels = this.backbone.outChannels;
    this.pool = this.addModule('pool', new GlobalAveragePool());
    this.cnnHead = this.addModule('cnn_head', new Linear({ inFeatures: channels, outFeatures: 1 }, rng));
    this.embedding = this.addModule('embedding', new TokenEmbedding({ channels, dim, positions: h * w }, rng));
    this.blocks = Array.from({ length: blocks }, (_, i) => this.addModule(`block${i}`, new TransformerBlock({ dim, heads, mlpDim }, rng)));
    this.norm = this.addModule('norm', new LayerNorm({ features: dim }, rng));
    this.vitHead = this.addModule('vit_head', new Linear({ inFeatures: dim, outFeatures: 1 }, rng));
  }

  /** `images` NHWC [N, S, S, 3] in [0, 1]; `training` selects BatchNorm's batch statistics. */
  forward(images: tf.Tensor4D, training: boolean): TeacherOutput {
    return tf.tidy(() => {
      const featureMap = this.backbone.forward(images, training);
      const cnnLogit = tf.reshape(this.cnnHead.forward(this.pool.forward(featureMap)), [-1]) as tf.Tensor1D;
      let tokens = this.embedding.forward(featureMap);
      let headAttention: tf.Tensor4D | undefined;
      for (const block of this.blocks) ({ output: tokens, attention: headAttention } = block.forward(tokens));
      const classToken = tf.squeeze(tf.slice(this.norm.forward(tokens), [0, 0, 0], [-1, 1, -1]), [1]) as tf.Tensor2D;
      const vitLogit = tf.reshape(this.vitHead.forward(classToken), [-1]) as tf.Tensor1D;
      // The class token's row over the feature positions, averaged over heads. Sliced before averaging: the mean
      // of the whole [N, heads, T, T] (and its gradient) was 3% of a `small` training step on lavapipe.
      const classRows = tf.slice(headAttention!, [0, 0, 0, 1], [-1, -1, 1, -1]); // [N, heads, 1, T-1]
      const attention = tf.reshape(tf.mean(classRows, 1), [classRows.shape[0], -1]) as tf.Tensor2D;
      return { cnnLogit, vitLogit, attention, headAttention: headAttention! };
    });
  }
}

/** image NCHW [N, 3, S, S] -> [attention [N, h*w], vit_logit [N], cnn_logit [N]]. */
export function emitTeacher(teacher: Teacher, sink: ShapedSink, inputs: readonly string[]): string[] {
  const featureMap = emitModule(teacher.backbone, sink, [inputs[0]!]);
  const cnnLogit = squeezeLastAxis(sink, emitModule(teacher.cnnHead, sink, emitModule(teacher.pool, sink, featureMap))[0]!, 'cnn_logit');
  let tokens = emitModule(teacher.embedding, sink, featureMap)[0]!;
  let headAttention = '';
  for (const block of teacher.blocks) [tokens, headAttention] = emitModule(block, sink, [tokens]) as [string, string];
  const [normed] = emitModule(teacher.norm, sink, [tokens]);
  const [classToken] = sink.node('Gather', [normed!, sink.int64Initializer('class_index', [0], [])], { axis: 1 });
  const batch = sink.knownDims(inputs[0]!)?.[0] ?? 'N';
  sink.setDims(classToken!, [batch, teacher.norm.features]);
  const vitLogit = squeezeLastAxis(sink, emitModule(teacher.vitHead, sink, [classToken!])[0]!, 'vit_logit');
  const [averaged] = sink.node('ReduceMean', [headAttention], { axes: [1], keepdims: 0 });
  const [classRow] = sink.node('Gather', [averaged!, sink.int64Initializer('class_row', [0], [])], { axis: 1 });
  const positions = teacher.grid.h * teacher.grid.w;
  const slice = (name: string, value: number) => sink.int64Initializer(name, [value], [1]);
  const [attention] = sink.node('Slice', [classRow!, slice('first_position', 1), slice('end_position', positions + 1), slice('column_axis', 1)]);
  sink.setDims(attention!, [batch, positions]);
  return [attention!, vitLogit, cnnLogit];
}

registerEmitter('Teacher', emitTeacher);
