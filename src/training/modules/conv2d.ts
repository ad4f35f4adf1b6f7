import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../../util/rng.ts';
import { dilatedConv2d } from './dilated-convolution.ts';
import { convolutionWeightsFromHwio, writeConvolution, type ConvolutionWeights } from './convolution-node.ts';
import { glorotUniform, zeros } from './initializers.ts';
import { Module, type Initializer } from './module.ts';
import { isPointwise, pointwiseConvolution } from './pointwise.ts';
import { validateWindow, windowOutputSize, type Padding, type SpatialSize, type Window } from './padding.ts';
import type { ShapedSink } from './shaped-sink.ts';
import type { SpatialModule } from './spatial-module.ts';
import { registerEmitter } from './emitters.ts';

export interface Conv2dOptions {
  readonly inChannels: number;
  readonly outChannels: number;
  /** Side of the square kernel. */
  readonly kernel: number;
  /** Default 1. */
  readonly stride?: number;
  /** Default 1; backbones raise it where they drop a stride to keep a larger feature map. */
  readonly dilation?: number;
  /** Default 'same'. */
  readonly padding?: Padding;
  /** Default true, as in Keras; convolutions followed by BatchNorm turn it off. */
  readonly bias?: boolean;
  /** Default Glorot uniform (Keras); torchvision's ResNet uses He normal on fan-out. */
  readonly init?: Initializer;
}

/** 2-D convolution. Kernel HWIO [k, k, in, out] (tfjs layout), optional bias [out]. */
export class Conv2d extends Module implements SpatialModule {
  readonly kind = 'Conv2d';
  readonly inChannels: number;
  readonly outChannels: number;
  readonly window: Window;
  readonly kernel: tf.Variable;
  readonly bias: tf.Variable | undefined;

  constructor(options: Conv2dOptions, rng: Rng) {
    super();
    this.inChannels = options.inChannels;
    this.outChannels = options.outChannels;
    this.window = {
      kernel: options.kernel,
      stride: options.stride ?? 1,
      dilation: options.dilation ?? 1,
      padding: options.padding ?? 'same',
    };
    validateWindow(this.window, 'Conv2d');
    const shape = [options.kernel, options.kernel, options.inChannels, options.outChannels];
    this.kernel = this.addParameter('kernel', shape, options.init ?? glorotUniform, rng);
    this.bias = (options.bias ?? true) ? this.addParameter('bias', [options.outChannels], zeros, rng) : undefined;
  }

  forward(x: tf.Tensor4D): tf.Tensor4D {
    return tf.tidy(() => {
      const kernel = this.kernel as tf.Tensor4D;
      const { kernel: size, stride, dilation, padding } = this.window;
      let y: tf.Tensor4D;
      if (isPointwise(size, padding)) y = pointwiseConvolution(x, kernel, stride);
      else if (dilation > 1) y = dilatedConv2d(x, kernel, this.window);
      else y = tf.conv2d(x, kernel, stride, padding);
      return this.bias === undefined ? y : tf.add(y, this.bias);
    });
  }

  outputSize(size: SpatialSize): SpatialSize {
    return windowOutputSize(size, this.window, `Conv2d "${this.name}"`);
  }

  /** The kernel (and bias) in ONNX layout. */
  onnxWeights(): ConvolutionWeights {
    return convolutionWeightsFromHwio(this.kernel, this.bias);
  }
}

export function emitConv2d(conv: Conv2d, sink: ShapedSink, inputs: readonly string[]): string[] {
  return [writeConvolution(sink, inputs[0]!, conv.window, conv.onnxWeights(), `Conv2d "${conv.name}"`)];
}

registerEmitter('Conv2d', emitConv2d);
