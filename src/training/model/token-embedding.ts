import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../../util/rng.ts';
import { emitModule, registerEmitter } from '../modules/emitters.ts';
import { truncatedNormal } from '../modules/initializers.ts';
import { Linear } from '../modules/linear.ts';
import { Module } from '../modules/module.ts';
import type { ShapedSink } from '../modules/shaped-sink.ts';

export interface TokenEmbeddingOptions {
  /** Channels c of the feature map. */
  readonly channels: number;
  /** Token width d. */
  readonly dim: number;
  /** Feature positions h * w. */
  readonly positions: number;
}

/**
 * Turns the teacher's feature map into the ViT's input: the h*w feature vectors (row-major, the same order
 * in NHWC and NCHW) projected from c to d, a learnable class token prepended, learnable position
 * embeddings added. The projection is what lets d divide among the heads when c (2048 for Xception) does not.
 */
export class TokenEmbedding extends Module {
  readonly kind = 'TokenEmbedding';
  readonly channels: number;
  readonly dim: number;
  readonly positions: number;
  readonly projection: Linear;
  readonly classToken: tf.Variable;
  readonly positionEmbedding: tf.Variable;

  constructor(options: TokenEmbeddingOptions, rng: Rng) {
    super();
    const { channels, dim, positions } = options;
    this.channels = channels;
    this.dim = dim;
    this.positions = positions;
    this.projection = this.addModule('projection', new Linear({ inFeatures: channels, outFeatures: dim }, rng));
    // ViT's initialisation for both: truncated normal, std 0.02.
    this.classToken = this.addParameter('class_token', [1, 1, dim], truncatedNormal(0.02), rng);
    this.positionEmbedding = this.addParameter('position_embedding', [1, positions + 1, dim], truncatedNormal(0.02), rng);
  }

  /** NHWC [N, h, w, c] -> tokens [N, 1 + h*w, d], the class token first. */
  forward(featureMap: tf.Tensor4D): tf.Tensor3D {
    return tf.tidy(() => {
      const [n, h, w, c] = featureMap.shape;
      if (h * w !== this.positions || c !== this.channels) {
        throw new RangeError(`TokenEmbedding: expected a feature map with ${this.positions} positions of ${this.channels} channels, got [${featureMap.shape.join(', ')}]`);
      }
      const vectors = this.projection.forward(tf.reshape(featureMap, [n, h * w, c]) as tf.Tensor3D);
      const classTokens = tf.tile(this.classToken, [n, 1, 1]);
      return tf.add(tf.concat([classTokens, vectors], 1), this.positionEmbedding) as tf.Tensor3D;
    });
  }
}

/** NCHW [N, c, h, w] -> [N, 1 + h*w, d]. The batch size stays symbolic: the class token is expanded to it at run time. */
export function emitTokenEmbedding(embedding: TokenEmbedding, sink: ShapedSink, inputs: readonly string[]): string[] {
  const { channels, dim, positions } = embedding;
  const featureMap = inputs[0]!;
  const batch = sink.knownDims(featureMap)?.[0] ?? 'N';
  const [flat] = sink.node('Reshape', [featureMap, sink.int64Initializer('flat_shape', [0, channels, positions], [3])]);
  const [vectors] = sink.node('Transpose', [flat!], { perm: [0, 2, 1] });
  sink.setDims(vectors!, [batch, positions, channels]);
  const [projected] = emitModule(embedding.projection, sink, [vectors!]);
  const read = (variable: tf.Variable) => Float32Array.from(variable.dataSync() as Float32Array);
  const [batchSize] = sink.node('Shape', [featureMap], { start: 0, end: 1 });
  const [expandShape] = sink.node('Concat', [batchSize!, sink.int64Initializer('one_one', [1, 1], [2])], { axis: 0 });
  const [classTokens] = sink.node('Expand', [sink.initializer('class_token', read(embedding.classToken), [1, 1, dim]), expandShape!]);
  const [tokens] = sink.node('Concat', [classTokens!, projected!], { axis: 1 });
  const [output] = sink.node('Add', [tokens!, sink.initializer('position_embedding', read(embedding.positionEmbedding), [1, positions + 1, dim])]);
  sink.setDims(output!, [batch, positions + 1, dim]);
  return [output!];
}

registerEmitter('TokenEmbedding', emitTokenEmbedding);
