import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../../util/rng.ts';
import type { BatchNormOptions } from '../modules/batch-norm.ts';
import { ConvBn, type ConvBnOptions } from '../modules/conv-bn.ts';
import { emitModule, registerEmitter } from '../modules/emitters.ts';
import { heNormal } from '../modules/initializers.ts';
import { Module } from '../modules/module.ts';
import type { SpatialSize } from '../modules/padding.ts';
import { ReLU } from '../modules/relu.ts';
import type { ShapedSink } from '../modules/shaped-sink.ts';
import type { SpatialModule } from '../modules/spatial-module.ts';

/** torchvision's BatchNorm2d defaults in this code's convention (momentum 0.1 there is 0.9 here). */
export const torchBatchNorm: Omit<BatchNormOptions, 'channels'> = { momentum: 0.9, epsilon: 1e-5 };

/** torchvision's ResNet convolutions: no bias, He normal on fan-out, BatchNorm after (momentum overridable). */
export function torchConvBn(options: Omit<ConvBnOptions, 'init' | 'batchNorm'>, rng: Rng, batchNormMomentum?: number): ConvBn {
  const batchNorm = { ...torchBatchNorm, momentum: batchNormMomentum ?? torchBatchNorm.momentum };
  return new ConvBn({ ...options, init: heNormal('fanOut'), batchNorm }, rng);
}

export interface BasicBlockOptions {
  readonly inChannels: number;
  readonly outChannels: number;
  readonly stride: number;
  /** Dilation (and padding) of both 3x3 convolutions. */
  readonly dilation: number;
  /** BatchNorm running-average momentum; torchvision's (0.9 here) when unset. */
  readonly batchNormMomentum?: number;
}

/**
 * torchvision's BasicBlock: conv3x3(stride) BN ReLU conv3x3 BN, plus the input (through a strided 1x1
 * conv + BN where the shape changes), then ReLU. Padding equals the dilation, as in torchvision.
 */
export class BasicBlock extends Module implements SpatialModule {
  readonly kind = 'BasicBlock';
  readonly conv1: ConvBn;
  readonly conv2: ConvBn;
  readonly downsample: ConvBn | undefined;
  readonly relu: ReLU;

  constructor(options: BasicBlockOptions, rng: Rng) {
    super();
    const { inChannels, outChannels, stride, dilation, batchNormMomentum } = options;
    const conv3x3 = (inputs: number, stride: number) =>
      torchConvBn({ inChannels: inputs, outChannels, kernel: 3, stride, dilation, padding: dilation }, rng, batchNormMomentum);
    this.conv1 = this.addModule('conv1', conv3x3(inChannels, stride));
    this.conv2 = this.addModule('conv2', conv3x3(outChannels, 1));
    this.downsample =
      stride !== 1 || inChannels !== outChannels
        ? this.addModule('downsample', torchConvBn({ inChannels, outChannels, kernel: 1, stride, padding: 0 }, rng, batchNormMomentum))
        : undefined;
    this.relu = this.addModule('relu', new ReLU());
  }

  get outChannels(): number {
    return this.conv2.outChannels;
  }

  forward(x: tf.Tensor4D, training: boolean): tf.Tensor4D {
    return tf.tidy(() => {
      const identity = this.downsample === undefined ? x : this.downsample.forward(x, training);
      const y = this.conv2.forward(this.relu.forward(this.conv1.forward(x, training)), training);
      return this.relu.forward(tf.add(y, identity));
    });
  }

  outputSize(size: SpatialSize): SpatialSize {
    return this.conv2.outputSize(this.conv1.outputSize(size));
  }
}

export function emitBasicBlock(block: BasicBlock, sink: ShapedSink, inputs: readonly string[]): string[] {
  const [identity] = block.downsample === undefined ? inputs : emitModule(block.downsample, sink, inputs);
  const hidden = emitModule(block.relu, sink, emitModule(block.conv1, sink, inputs));
  const [y] = emitModule(block.conv2, sink, hidden);
  const [sum] = sink.node('Add', [y!, identity!]);
  sink.setDimsIfKnown(sum!, sink.knownDims(y!));
  return emitModule(block.relu, sink, [sum!]);
}

registerEmitter('BasicBlock', emitBasicBlock);
