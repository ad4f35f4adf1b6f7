import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../../util/rng.ts';
import { Conv2d } from './conv2d.ts';
import { DepthwiseConv2d } from './depthwise-conv2d.ts';
import { emitModule, registerEmitter } from './emitters.ts';
import type { Initializer } from './module.ts';
import { Module } from './module.ts';
import type { Padding, SpatialSize } from './padding.ts';
import type { ShapedSink } from './shaped-sink.ts';
import type { SpatialModule } from './spatial-module.ts';

export interface SeparableConv2dOptions {
  readonly inChannels: number;
  readonly outChannels: number;
  readonly kernel: number;
  readonly stride?: number;
  readonly dilation?: number;
  /** Default 'same'. */
  readonly padding?: Padding;
  /** Bias on the pointwise half; default true (Keras). */
  readonly bias?: boolean;
  /** For both halves unless `depthwiseInit` is given; default Glorot uniform (Keras). */
  readonly init?: Initializer;
  /** For the depthwise half (PyTorch computes a depthwise kernel's fans differently from a dense one's). */
  readonly depthwiseInit?: Initializer;
}

/**
 * Keras's SeparableConv2D: a depthwise k x k convolution (stride and dilation apply here, multiplier 1),
 * then a pointwise 1x1 convolution that carries the optional bias.
 */
export class SeparableConv2d extends Module implements SpatialModule {
  readonly kind = 'SeparableConv2d';
  readonly depthwise: DepthwiseConv2d;
  readonly pointwise: Conv2d;

  constructor(options: SeparableConv2dOptions, rng: Rng) {
    super();
    const { inChannels, outChannels, kernel, stride, dilation, padding, bias, init } = options;
    this.depthwise = this.addModule(
      'depthwise',
      new DepthwiseConv2d({ channels: inChannels, kernel, stride, dilation, padding, init: options.depthwiseInit ?? init }, rng),
    );
    this.pointwise = this.addModule('pointwise', new Conv2d({ inChannels, outChannels, kernel: 1, bias, init }, rng));
  }

  get outChannels(): number {
    return this.pointwise.outChannels;
  }

  forward(x: tf.Tensor4D): tf.Tensor4D {
    return tf.tidy(() => this.pointwise.forward(this.depthwise.forward(x)));
  }

  outputSize(size: SpatialSize): SpatialSize {
    return this.depthwise.outputSize(size);
  }
}

export function emitSeparableConv2d(module: SeparableConv2d, sink: ShapedSink, inputs: readonly string[]): string[] {
  return emitModule(module.pointwise, sink, emitModule(module.depthwise, sink, inputs));
}

registerEmitter('SeparableConv2d', emitSeparableConv2d);
