import * as tf from '@tensorflow/tfjs-core';
import {
  convolutionFilterGradient,
  convolutionInputGradient,
  depthwiseFilterGradient,
  depthwiseInputGradient,
  type ConvolutionGeometry,
} from './convolution-gradients.ts';
import { axisPads, type Window } from './padding.ts';

/**
 * Stride-1 dilated convolutions with gradients of their own. tfjs has no gradient for dilated conv2d or
 * depthwiseConv2d; TensorFlow's atrous form (space-to-batch, a plain convolution, batch-to-space) has one,
 * but costs two 6-D transposes each way, which are slow on wasm and WebGPU. Here the forward pass is the
 * dilated convolution itself, which every back end runs, and the backward pass is two forward convolutions
 * (convolution-gradients.ts). Pads are those of `axisPads`, which the ONNX emitters also use.
 */
export function dilatedConv2d(x: tf.Tensor4D, kernel: tf.Tensor4D, window: Window): tf.Tensor4D {
  return dilated(x, kernel, window, {
    forward: (input, filter, pads) => tf.conv2d(input, filter, 1, pads, 'NHWC', window.dilation),
    inputGradient: convolutionInputGradient,
    filterGradient: convolutionFilterGradient,
  });
}

export function dilatedDepthwiseConv2d(x: tf.Tensor4D, kernel: tf.Tensor4D, window: Window): tf.Tensor4D {
  return dilated(x, kernel, window, {
    forward: (input, filter, pads) => tf.depthwiseConv2d(input, filter, 1, pads, 'NHWC', window.dilation),
    inputGradient: depthwiseInputGradient,
    filterGradient: depthwiseFilterGradient,
  });
}

type ExplicitPads = [[number, number], [number, number], [number, number], [number, number]];

interface Convolution {
  forward(x: tf.Tensor4D, filter: tf.Tensor4D, pads: ExplicitPads): tf.Tensor4D;
  inputGradient(dy: tf.Tensor4D, filter: tf.Tensor4D, inputShape: [number, number, number, number], geometry: ConvolutionGeometry): tf.Tensor4D;
  filterGradient(x: tf.Tensor4D, dy: tf.Tensor4D, geometry: ConvolutionGeometry): tf.Tensor4D;
}

function dilated(x: tf.Tensor4D, kernel: tf.Tensor4D, window: Window, convolution: Convolution): tf.Tensor4D {
  if (window.stride !== 1) throw new RangeError(`dilated convolution: expected stride 1 with dilation ${window.dilation}; got stride ${window.stride}`);
  const [top, bottom] = axisPads(x.shape[1], window);
  const [left, right] = axisPads(x.shape[2], window);
  const pads: ExplicitPads = [[0, 0], [top, bottom], [left, right], [0, 0]];
  const geometry: ConvolutionGeometry = {
    kernel: [kernel.shape[0], kernel.shape[1]],
    stride: 1,
    dilation: window.dilation,
    pads: { top, bottom, left, right },
  };
  const run = tf.customGrad((input, filter, save) => {
    (save as tf.GradSaveFunc)([input as tf.Tensor, filter as tf.Tensor]);
    return {
      value: convolution.forward(input as tf.Tensor4D, filter as tf.Tensor4D, pads),
      gradFunc: (dy: tf.Tensor, [savedInput, savedFilter]: tf.Tensor[]) => [
        convolution.inputGradient(dy as tf.Tensor4D, savedFilter as tf.Tensor4D, savedInput!.shape as [number, number, number, number], geometry),
        convolution.filterGradient(savedInput as tf.Tensor4D, dy as tf.Tensor4D, geometry),
      ],
    };
  });
  return run(x, kernel) as tf.Tensor4D;
}
