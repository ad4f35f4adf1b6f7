import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../../util/rng.ts';
import type { Backbone } from '../backbones/backbone.ts';
import { createBackbone } from '../backbones/create-backbone.ts';
import { featureGrid, type ModelConfig } from '../config.ts';
import { emitModule, registerEmitter } from '../modules/emitters.ts';
import { GlobalAveragePool } from '../modules/global-average-pool.ts';
import { Linear } from '../modules/linear.ts';
import { Module } from '../modules/module.ts';
import { ReLU } from '../modules/relu.ts';
import type { ShapedSink } from '../modules/shaped-sink.ts';
import { assertGrid } from './assert-grid.ts';
import { squeezeLastAxis } from './squeeze-last-axis.ts';

/**
 * The student: its own CNN, whose feature map X_s loses the positions the mask zeroes before pooling,
 * F = mean over all h*w positions of X_s * M (eq. 4 and after), then Linear ReLU Linear -> logit. Denied the
 * teacher's favourite evidence, it has to learn from the rest of the face.
 */
export class Student extends Module {
  readonly kind = 'Student';
  readonly grid: { h: number; w: number };
  readonly backbone: Backbone;
  readonly pool: GlobalAveragePool;
  readonly hidden: Linear;
  readonly relu: ReLU;
  readonly output: Linear;

  constructor(config: ModelConfig, rng: Rng) {
    super();
    const { h, w } = featureGrid(config);
    this.grid = { h, w };
    this.backbone = this.addModule('backbone', createBackbone(config.studentBackbone, rng, 'studentBackbone'));
    assertGrid(this.backbone, config, 'studentBackbone');
    this.pool = this.addModule('pool', new GlobalAveragePool());
    this.hidden = this.addModule('head_hidden', new Linear({ inFeatures: this.backbone.outChannels, outFeatures: config.headHidden }, rng));
    this.relu = this.addModule('relu', new ReLU());
    this.output = this.addModule('head_output', new Linear({ inFeatures: config.headHidden, outFeatures: 1 }, rng));
  }

  /**
   * The pooled masked features F [N, c]. `images` NHWC [N, S, S, 3] in [0, 1]; `mask` [N, h*w], 0 = removed,
   * positions row-major as in the teacher's attention.
   */
  features(images: tf.Tensor4D, mask: tf.Tensor2D, training: boolean): tf.Tensor2D {
    return tf.tidy(() => {
      const featureMap = this.backbone.forward(images, training);
      const [n, h, w] = featureMap.shape;
      if (mask.shape[0] !== n || mask.shape[1] !== h * w) {
        throw new RangeError(`Student: mask must be [${n}, ${h * w}] for a ${h}x${w} feature map, got [${mask.shape.join(', ')}]`);
      }
      return this.pool.forward(tf.mul(featureMap, tf.reshape(mask, [n, h, w, 1])));
    });
  }

  /** The head: features [M, c] -> logits [M]. Separate from `features` so mixed features can pass through it. */
  classify(features: tf.Tensor2D): tf.Tensor1D {
    return tf.tidy(() => tf.reshape(this.output.forward(this.relu.forward(this.hidden.forward(features))), [-1]) as tf.Tensor1D);
  }

  forward(images: tf.Tensor4D, mask: tf.Tensor2D, training: boolean): tf.Tensor1D {
    return tf.tidy(() => this.classify(this.features(images, mask, training)));
  }
}

/** (image NCHW [N, 3, S, S], mask [N, h, w]) -> [logit [N]]. */
export function emitStudent(student: Student, sink: ShapedSink, inputs: readonly string[]): string[] {
  const [image, mask] = inputs as [string, string];
  const [featureMap] = emitModule(student.backbone, sink, [image]);
  const [channelMask] = sink.node('Unsqueeze', [mask, sink.int64Initializer('channel_axis', [1], [1])]);
  const [masked] = sink.node('Mul', [featureMap!, channelMask!]);
  sink.setDimsIfKnown(masked!, sink.knownDims(featureMap!));
  const pooled = emitModule(student.pool, sink, [masked!]);
  const [logit] = emitModule(student.output, sink, emitModule(student.relu, sink, emitModule(student.hidden, sink, pooled)));
  return [squeezeLastAxis(sink, logit!, 'logit')];
}

registerEmitter('Student', emitStudent);
