import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../../util/rng.ts';
import { dilatedDepthwiseConv2d } from './dilated-convolution.ts';
import { convolutionWeightsFromDepthwise, writeConvolution, type ConvolutionWeights } from './convolution-node.ts';
import { glorotUniform } from './initializers.ts';
import { Module, type Initializer } from './module.ts';
import { validateWindow, windowOutputSize, type Padding, type SpatialSize, type Window } from './padding.ts';
import type { ShapedSink } from './shaped-sink.ts';
import type { SpatialModule } from './spatial-module.ts';
import { registerEmitter } from './emitters.ts';

export interface DepthwiseConv2dOptions {
  readonly channels: number;
  readonly kernel: number;
  /** Output channels per input channel; default 1. */
  readonly multiplier?: number;
  readonly stride?: number;
  readonly dilation?: number;
  /** Default 'same'. */
  readonly padding?: Padding;
  /** Default Glorot uniform, Keras's depthwise initialiser. */
  readonly init?: Initializer;
}

/**
 * Depthwise convolution, no bias (Keras's SeparableConv2D has none between its two halves). Kernel
 * [k, k, channels, multiplier]; in ONNX a grouped Conv with one group per channel.
 */
export class DepthwiseConv2d extends Module implements SpatialModule {
  readonly kind = 'DepthwiseConv2d';
  readonly channels: number;
  readonly outChannels: number;
  readonly window: Window;
  readonly kernel: tf.Variable;

  constructor(options: DepthwiseConv2dOptions, rng: Rng) {
    super();
    const multiplier = options.multiplier ?? 1;
    this.channels = options.channels;
    this.outChannels = options.channels * multiplier;
    this.window = {
      kernel: options.kernel,
      stride: options.stride ?? 1,
      dilation: options.dilation ?? 1,
      padding: options.padding ?? 'same',
    };
    validateWindow(this.window, 'DepthwiseConv2d');
    const shape = [options.kernel, options.kernel, options.channels, multiplier];
    this.kernel = this.addParameter('kernel', shape, options.init ?? glorotUniform, rng);
  }

  forward(x: tf.Tensor4D): tf.Tensor4D {
    const kernel = this.kernel as tf.Tensor4D;
    const { stride, dilation, padding } = this.window;
    if (dilation > 1) return dilatedDepthwiseConv2d(x, kernel, this.window);
    return tf.depthwiseConv2d(x, kernel, stride, padding);
  }

  outputSize(size: SpatialSize): SpatialSize {
    return windowOutputSize(size, this.window, `DepthwiseConv2d "${this.name}"`);
  }

  onnxWeights(): ConvolutionWeights {
    return convolutionWeightsFromDepthwise(this.kernel);
  }
}

export function emitDepthwiseConv2d(conv: DepthwiseConv2d, sink: ShapedSink, inputs: readonly string[]): string[] {
  return [writeConvolution(sink, inputs[0]!, conv.window, conv.onnxWeights(), `DepthwiseConv2d "${conv.name}"`)];
}

registerEmitter('DepthwiseConv2d', emitDepthwiseConv2d);
