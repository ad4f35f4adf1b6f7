import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../../util/rng.ts';
import type { BatchNormOptions } from '../modules/batch-norm.ts';
import { ConvBn } from '../modules/conv-bn.ts';
import { emitModule, registerEmitter } from '../modules/emitters.ts';
import { MaxPool } from '../modules/max-pool.ts';
import { Module, type Initializer } from '../modules/module.ts';
import type { Padding, SpatialSize } from '../modules/padding.ts';
import { ReLU } from '../modules/relu.ts';
import { SeparableConvBn } from '../modules/separable-conv-bn.ts';
import type { ShapedSink } from '../modules/shaped-sink.ts';
import type { SpatialModule } from '../modules/spatial-module.ts';

export interface XceptionBlockOptions {
  readonly inChannels: number;
  /** Output channels of each 3x3 separable unit, in order. */
  readonly channels: readonly number[];
  /** Whether the first unit is preceded by a ReLU (all blocks but block2, whose input is already activated). */
  readonly reluFirst: boolean;
  /**
   * Entry- and exit-flow blocks end with a 3x3 max pool and have a 1x1 convolution shortcut, both with this
   * stride (1 where the output stride dropped it); middle-flow blocks (undefined) keep size and identity.
   */
  readonly poolStride: number | undefined;
  /** Dilation of the separable units. */
  readonly dilation: number;
  readonly batchNorm?: Omit<BatchNormOptions, 'channels'>;
  /** Padding of the block's pool; default 'same' (Keras). */
  readonly poolPadding?: Padding;
  /** Initial convolution weights; default the modules' Glorot uniform (Keras). */
  readonly init?: { convolution: Initializer; depthwise: Initializer };
}

/**
 * One residual block of Keras's Xception: [ReLU] SepConv BN (ReLU SepConv BN)* [MaxPool], plus a shortcut
 * taken from the block's input before any ReLU.
 */
export class XceptionBlock extends Module implements SpatialModule {
  readonly kind = 'XceptionBlock';
  readonly units: readonly SeparableConvBn[];
  readonly shortcut: ConvBn | undefined;
  readonly pool: MaxPool | undefined;
  readonly relu: ReLU;
  readonly reluFirst: boolean;

  constructor(options: XceptionBlockOptions, rng: Rng) {
    super();
    const { inChannels, channels, poolStride, dilation, batchNorm, init } = options;
    const outChannels = channels.at(-1)!;
    if (poolStride === undefined && inChannels !== outChannels) {
      throw new RangeError(
        `XceptionBlock: an identity shortcut needs in == out channels, got ${inChannels} and ${outChannels}`,
      );
    }
    this.reluFirst = options.reluFirst;
    this.shortcut =
      poolStride === undefined
        ? undefined
        : this.addModule('shortcut', new ConvBn({ inChannels, outChannels, kernel: 1, stride: poolStride, batchNorm, init: init?.convolution }, rng));
    this.relu = this.addModule('relu', new ReLU());
    this.units = channels.map((out, i) => {
      const unitInput = i === 0 ? inChannels : channels[i - 1]!;
      const unit = new SeparableConvBn({ inChannels: unitInput, outChannels: out, kernel: 3, dilation, batchNorm, init: init?.convolution, depthwiseInit: init?.depthwise }, rng);
      return this.addModule(`sepconv${i + 1}`, unit);
    });
    this.pool =
      poolStride === undefined
        ? undefined
        : this.addModule('pool', new MaxPool({ kernel: 3, stride: poolStride, padding: options.poolPadding ?? 'same' }));
  }

  get outChannels(): number {
    return this.units.at(-1)!.outChannels;
  }

  forward(x: tf.Tensor4D, training: boolean): tf.Tensor4D {
    return tf.tidy(() => {
      const shortcut = this.shortcut === undefined ? x : this.shortcut.forward(x, training);
      let y = x;
      this.units.forEach((unit, i) => {
        y = unit.forward(i > 0 || this.reluFirst ? this.relu.forward(y) : y, training);
      });
      if (this.pool !== undefined) y = this.pool.forward(y);
      return tf.add(y, shortcut);
    });
  }

  outputSize(size: SpatialSize): SpatialSize {
    const afterUnits = this.units.reduce((s, unit) => unit.outputSize(s), size);
    return this.pool === undefined ? afterUnits : this.pool.outputSize(afterUnits);
  }
}

export function emitXceptionBlock(block: XceptionBlock, sink: ShapedSink, inputs: readonly string[]): string[] {
  const x = inputs[0]!;
  const [shortcut] = block.shortcut === undefined ? [x] : emitModule(block.shortcut, sink, [x]);
  let y = x;
  block.units.forEach((unit, i) => {
    const unitInput = i > 0 || block.reluFirst ? emitModule(block.relu, sink, [y])[0]! : y;
    y = emitModule(unit, sink, [unitInput])[0]!;
  });
  if (block.pool !== undefined) y = emitModule(block.pool, sink, [y])[0]!;
  const [output] = sink.node('Add', [y, shortcut!]);
  sink.setDimsIfKnown(output!, sink.knownDims(y));
  return [output!];
}

registerEmitter('XceptionBlock', emitXceptionBlock);
