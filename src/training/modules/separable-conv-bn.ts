import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../../util/rng.ts';
import { BatchNorm, type BatchNormOptions } from './batch-norm.ts';
import { writeConvolution } from './convolution-node.ts';
import { emitModule, registerEmitter } from './emitters.ts';
import { foldBatchNorm } from './fold-batch-norm.ts';
import { Module } from './module.ts';
import type { SpatialSize } from './padding.ts';
import { SeparableConv2d, type SeparableConv2dOptions } from './separable-conv2d.ts';
import type { ShapedSink } from './shaped-sink.ts';
import type { SpatialModule } from './spatial-module.ts';

export interface SeparableConvBnOptions extends Omit<SeparableConv2dOptions, 'bias'> {
  readonly batchNorm?: Omit<BatchNormOptions, 'channels'>;
}

/** SeparableConv2d without bias followed by BatchNorm (Xception's unit); the BN folds into the pointwise half. */
export class SeparableConvBn extends Module implements SpatialModule {
  readonly kind = 'SeparableConvBn';
  readonly conv: SeparableConv2d;
  readonly bn: BatchNorm;

  constructor(options: SeparableConvBnOptions, rng: Rng) {
    super();
    const { batchNorm, ...conv } = options;
    this.conv = this.addModule('conv', new SeparableConv2d({ ...conv, bias: false }, rng));
    this.bn = this.addModule('bn', new BatchNorm({ ...batchNorm, channels: options.outChannels }, rng));
  }

  get outChannels(): number {
    return this.conv.outChannels;
  }

  forward(x: tf.Tensor4D, training: boolean): tf.Tensor4D {
    return tf.tidy(() => this.bn.forward(this.conv.forward(x), training));
  }

  outputSize(size: SpatialSize): SpatialSize {
    return this.conv.outputSize(size);
  }
}

export function emitSeparableConvBn(module: SeparableConvBn, sink: ShapedSink, inputs: readonly string[]): string[] {
  if (!sink.options.foldBatchNorm) return emitModule(module.bn, sink, emitModule(module.conv, sink, inputs));
  const { depthwise, pointwise } = module.conv;
  const convSink = sink.scope(module.conv.name);
  const [spatial] = emitModule(depthwise, convSink, inputs);
  const folded = foldBatchNorm(pointwise.onnxWeights(), module.bn);
  const who = `SeparableConvBn "${module.name}"`;
  return [writeConvolution(convSink.scope(pointwise.name), spatial!, pointwise.window, folded, who)];
}

registerEmitter('SeparableConvBn', emitSeparableConvBn);
