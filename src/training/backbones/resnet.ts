import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../../util/rng.ts';
import type { ConvBn } from '../modules/conv-bn.ts';
import { emitModule, registerEmitter } from '../modules/emitters.ts';
import type { InputNormalizationOptions } from '../modules/input-normalization.ts';
import { MaxPool } from '../modules/max-pool.ts';
import type { SpatialSize } from '../modules/padding.ts';
import { ReLU } from '../modules/relu.ts';
import { Sequential } from '../modules/sequential.ts';
import type { ShapedSink } from '../modules/shaped-sink.ts';
import { Backbone, emitNormalizedInput, scaleChannels } from './backbone.ts';
import { BasicBlock, torchConvBn } from './basic-block.ts';
import { StridePlan } from './stride-plan.ts';

export interface ResNetOptions {
  /** BasicBlocks per stage: [2, 2, 2, 2] is ResNet18, [3, 4, 6, 3] ResNet34. */
  readonly blocks: readonly [number, number, number, number];
  readonly widthMultiplier: number;
  /** 8, 16 or 32 (the published network). */
  readonly outputStride: number;
  /** BatchNorm running-average momentum; torchvision's (0.9 here) when unset. */
  readonly batchNormMomentum?: number;
  readonly inputNormalization?: InputNormalizationOptions;
}

export const resnet18Blocks = [2, 2, 2, 2] as const;
export const resnet34Blocks = [3, 4, 6, 3] as const;

/**
 * torchvision's ResNet with BasicBlocks and without its classifier: 7x7/2 conv, BN, ReLU, 3x3/2 max pool,
 * then four stages of 64, 128, 256 and 512 channels (layer1 ... layer4). Stride 32 at output stride 32;
 * below that the later stages trade stride for dilation.
 */
export class ResNet extends Backbone {
  readonly kind = 'ResNet';
  readonly outChannels: number;
  readonly conv1: ConvBn;
  readonly relu: ReLU;
  readonly maxpool: MaxPool;
  readonly layers: readonly Sequential[];

  constructor(options: ResNetOptions, rng: Rng) {
    super();
    const width = (channels: number) => scaleChannels(channels, options.widthMultiplier);
    const plan = new StridePlan(options.outputStride);
    this.addInputNormalization(options.inputNormalization);
    let channels = width(64);
    const stem = { inChannels: 3, outChannels: channels, kernel: 7, stride: plan.next(2).stride, padding: 3 };
    const batchNormMomentum = options.batchNormMomentum;
    this.conv1 = this.addModule('conv1', torchConvBn(stem, rng, batchNormMomentum));
    this.relu = this.addModule('relu', new ReLU());
    this.maxpool = this.addModule('maxpool', new MaxPool({ kernel: 3, stride: plan.next(2).stride, padding: 1 }));
    this.layers = options.blocks.map((count, stage) => {
      const outChannels = width(64 << stage);
      const first = plan.next(stage === 0 ? 1 : 2);
      const blocks = [new BasicBlock({ inChannels: channels, outChannels, ...first, batchNormMomentum }, rng)];
      for (let i = 1; i < count; i++) {
        const { dilation } = plan.next(1);
        blocks.push(new BasicBlock({ inChannels: outChannels, outChannels, stride: 1, dilation, batchNormMomentum }, rng));
      }
      const layer = this.addModule(`layer${stage + 1}`, new Sequential(blocks, channels));
      channels = outChannels;
      return layer;
    });
    this.outChannels = channels;
  }

  forward(x: tf.Tensor4D, training: boolean): tf.Tensor4D {
    return tf.tidy(() => {
      const stem = this.maxpool.forward(this.relu.forward(this.conv1.forward(this.normalizeInput(x), training)));
      return this.layers.reduce((y, layer) => layer.forward(y, training), stem);
    });
  }

  outputSize(size: SpatialSize): SpatialSize {
    const stem = this.maxpool.outputSize(this.conv1.outputSize(size));
    return this.layers.reduce((s, layer) => layer.outputSize(s), stem);
  }
}

export function emitResNet(net: ResNet, sink: ShapedSink, inputs: readonly string[]): string[] {
  const image = emitNormalizedInput(net, sink, inputs);
  const stem = emitModule(net.maxpool, sink, emitModule(net.relu, sink, emitModule(net.conv1, sink, image)));
  return net.layers.reduce((y, layer) => emitModule(layer, sink, y), stem);
}

registerEmitter('ResNet', emitResNet);
