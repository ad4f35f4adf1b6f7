import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../../util/rng.ts';
import type { BatchNormOptions } from '../modules/batch-norm.ts';
import { ConvBn } from '../modules/conv-bn.ts';
import { emitModule, registerEmitter } from '../modules/emitters.ts';
import { heNormal, heNormalDepthwise } from '../modules/initializers.ts';
import type { InputNormalizationOptions } from '../modules/input-normalization.ts';
import type { Initializer } from '../modules/module.ts';
import type { Padding, SpatialSize } from '../modules/padding.ts';
import { ReLU } from '../modules/relu.ts';
import { SeparableConvBn } from '../modules/separable-conv-bn.ts';
import { Sequential } from '../modules/sequential.ts';
import type { ShapedSink } from '../modules/shaped-sink.ts';
import { Backbone, emitNormalizedInput, scaleChannels } from './backbone.ts';
import { StridePlan } from './stride-plan.ts';
import { XceptionBlock } from './xception-block.ts';

export interface XceptionOptions {
  readonly widthMultiplier: number;
  /** 8, 16 or 32 (the published network). */
  readonly outputStride: number;
  /** Middle-flow repetitions; 8 in the published network. */
  readonly middleBlocks: number;
  /** BatchNorm running-average momentum; the reference's (Keras 0.99, PyTorch 0.9 here) when unset. */
  readonly batchNormMomentum?: number;
  /** Whose Xception to reproduce; default Keras's. */
  readonly reference?: XceptionReference;
  readonly inputNormalization?: InputNormalizationOptions;
}

/**
 * Keras's Xception and timm's `legacy_xception` (ported from it) have the same layers and ReLU placement, but
 * differ in what changes their numbers: BatchNorm epsilon, how the blocks' stride-2 pools pad, and the
 * initial weights. Each set of ImageNet weights reproduces its own network's features only with its own.
 */
export type XceptionReference = 'keras' | 'timm';

interface ReferenceArithmetic {
  readonly batchNorm: Omit<BatchNormOptions, 'channels'>;
  /** Keras pads the pools 'same' (the extra row after); timm's MaxPool2d(3, 2, 1) pads one on each side. */
  readonly poolPadding: Padding;
  /** Undefined: the modules' Glorot uniform (Keras). */
  readonly init: { convolution: Initializer; depthwise: Initializer } | undefined;
}

function arithmeticOf(reference: XceptionReference, momentum: number | undefined): ReferenceArithmetic {
  if (reference === 'keras') return { batchNorm: momentum === undefined ? {} : { momentum }, poolPadding: 'same', init: undefined };
  // timm: nn.BatchNorm2d defaults (eps 1e-5, momentum 0.1, which is 0.9 here) and kaiming_normal_(fan_out) on every conv.
  return {
    batchNorm: { epsilon: 1e-5, momentum: momentum ?? 0.9 },
    poolPadding: 1,
    init: { convolution: heNormal('fanOut'), depthwise: heNormalDepthwise('fanOut') },
  };
}

/**
 * Keras's Xception without its classifier (include_top=False): entry flow (two 3x3 'valid' convolutions,
 * blocks 2-4), middle flow (728-channel blocks), exit flow (block 13, then 1536- and 2048-channel separable
 * convolutions with ReLU). Glorot-uniform kernels and Keras BatchNorm (momentum 0.99 unless configured, epsilon 1e-3),
 * as in Keras. At 224 px and width 1: 7x7x2048, 20,806,952 trainable parameters and 54,528 BatchNorm running
 * statistics (Keras's summary: 20,861,480 in all). With `reference: 'timm'`, timm's legacy_xception instead
 * (same shapes; see XceptionReference); module names stay Keras's either way.
 */
export class Xception extends Backbone {
  readonly kind = 'Xception';
  readonly outChannels: number;
  readonly conv1: ConvBn;
  readonly conv2: ConvBn;
  readonly relu: ReLU;
  readonly entry: readonly XceptionBlock[];
  readonly middle: Sequential;
  readonly exitBlock: XceptionBlock;
  readonly exitConvs: readonly SeparableConvBn[];

  constructor(options: XceptionOptions, rng: Rng) {
    super();
    const width = (channels: number) => scaleChannels(channels, options.widthMultiplier);
    const plan = new StridePlan(options.outputStride);
    const { batchNorm, poolPadding, init } = arithmeticOf(options.reference ?? 'keras', options.batchNormMomentum);
    this.addInputNormalization(options.inputNormalization);
    const stem = (inChannels: number, outChannels: number, { stride, dilation }: { stride: number; dilation: number }) =>
      new ConvBn({ inChannels, outChannels, kernel: 3, stride, dilation, padding: 'valid', batchNorm, init: init?.convolution }, rng);
    this.conv1 = this.addModule('block1_conv1', stem(3, width(32), plan.next(2)));
    this.conv2 = this.addModule('block1_conv2', stem(width(32), width(64), plan.next(1)));
    this.relu = this.addModule('relu', new ReLU());

    let channels = width(64);
    const block = (outs: number[], reluFirst: boolean, poolStride: number | undefined, dilation: number) => {
      const made = new XceptionBlock({ inChannels: channels, channels: outs, reluFirst, poolStride, dilation, batchNorm, poolPadding, init }, rng);
      channels = made.outChannels;
      return made;
    };
    const downsampling = (name: string, outs: number[], reluFirst: boolean) => {
      const { stride, dilation } = plan.next(2);
      return this.addModule(name, block(outs, reluFirst, stride, dilation));
    };
    this.entry = [
      downsampling('block2', [width(128), width(128)], false),
      downsampling('block3', [width(256), width(256)], true),
      downsampling('block4', [width(728), width(728)], true),
    ];
    const middleDilation = plan.next(1).dilation;
    const middleBlocks = Array.from({ length: options.middleBlocks }, () =>
      block([channels, channels, channels], true, undefined, middleDilation),
    );
    this.middle = this.addModule('middle', new Sequential(middleBlocks, channels));
    this.exitBlock = downsampling('block13', [width(728), width(1024)], true);
    const dilation = plan.next(1).dilation;
    const separable = (inChannels: number, outChannels: number) =>
      new SeparableConvBn({ inChannels, outChannels, kernel: 3, dilation, batchNorm, init: init?.convolution, depthwiseInit: init?.depthwise }, rng);
    this.exitConvs = [
      this.addModule('block14_sepconv1', separable(channels, width(1536))),
      this.addModule('block14_sepconv2', separable(width(1536), width(2048))),
    ];
    this.outChannels = width(2048);
  }

  forward(x: tf.Tensor4D, training: boolean): tf.Tensor4D {
    return tf.tidy(() => {
      let y = this.relu.forward(this.conv1.forward(this.normalizeInput(x), training));
      y = this.relu.forward(this.conv2.forward(y, training));
      for (const block of this.entry) y = block.forward(y, training);
      y = this.exitBlock.forward(this.middle.forward(y, training), training);
      for (const conv of this.exitConvs) y = this.relu.forward(conv.forward(y, training));
      return y;
    });
  }

  outputSize(size: SpatialSize): SpatialSize {
    const stages = [this.conv1, this.conv2, ...this.entry, this.middle, this.exitBlock, ...this.exitConvs];
    return stages.reduce((s, stage) => stage.outputSize(s), size);
  }
}

export function emitXception(net: Xception, sink: ShapedSink, inputs: readonly string[]): string[] {
  const convRelu = (conv: ConvBn | SeparableConvBn, x: string[]) => emitModule(net.relu, sink, emitModule(conv, sink, x));
  let y = convRelu(net.conv2, convRelu(net.conv1, emitNormalizedInput(net, sink, inputs)));
  for (const block of net.entry) y = emitModule(block, sink, y);
  y = emitModule(net.exitBlock, sink, emitModule(net.middle, sink, y));
  for (const conv of net.exitConvs) y = convRelu(conv, y);
  return y;
}

registerEmitter('Xception', emitXception);
