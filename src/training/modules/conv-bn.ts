import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../../util/rng.ts';
import { BatchNorm, type BatchNormOptions } from './batch-norm.ts';
import { Conv2d, type Conv2dOptions } from './conv2d.ts';
import { writeConvolution } from './convolution-node.ts';
import { emitModule, registerEmitter } from './emitters.ts';
import { foldBatchNorm } from './fold-batch-norm.ts';
import { Module } from './module.ts';
import type { SpatialSize } from './padding.ts';
import type { ShapedSink } from './shaped-sink.ts';
import type { SpatialModule } from './spatial-module.ts';

export interface ConvBnOptions extends Omit<Conv2dOptions, 'bias'> {
  /** BatchNorm settings; the channels are the convolution's outputs. */
  readonly batchNorm?: Omit<BatchNormOptions, 'channels'>;
}

/** Convolution without bias followed by BatchNorm: one module so the exporter can fold the BN locally. */
export class ConvBn extends Module implements SpatialModule {
  readonly kind = 'ConvBn';
  readonly conv: Conv2d;
  readonly bn: BatchNorm;

  constructor(options: ConvBnOptions, rng: Rng) {
    super();
    const { batchNorm, ...conv } = options;
    this.conv = this.addModule('conv', new Conv2d({ ...conv, bias: false }, rng));
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

/** One Conv with the BN folded in when `foldBatchNorm` is set, else Conv then BatchNormalization. */
export function emitConvBn(module: ConvBn, sink: ShapedSink, inputs: readonly string[]): string[] {
  if (!sink.options.foldBatchNorm) return emitModule(module.bn, sink, emitModule(module.conv, sink, inputs));
  const folded = foldBatchNorm(module.conv.onnxWeights(), module.bn);
  return [writeConvolution(sink.scope(module.conv.name), inputs[0]!, module.conv.window, folded, `ConvBn "${module.name}"`)];
}

registerEmitter('ConvBn', emitConvBn);
