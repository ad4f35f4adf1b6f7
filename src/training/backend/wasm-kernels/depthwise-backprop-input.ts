import * as tf from '@tensorflow/tfjs-core';
import { depthwiseInputGradient, geometryOf } from '../../modules/convolution-gradients.ts';
import { asTensor, kernelResult } from './kernel-result.ts';

/** Missing on stock wasm: a depthwise convolution of the padded (and, for strides, spread) dy with the flipped filter. */
export const depthwiseConv2dNativeBackpropInput: tf.KernelConfig = {
  kernelName: tf.DepthwiseConv2dNativeBackpropInput,
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { strides, dilations, pad, dimRoundingMode, inputShape } = attrs as unknown as tf.DepthwiseConv2dNativeBackpropInputAttrs;
    const dy = asTensor<tf.Tensor4D>(inputs.dy!);
    const filter = asTensor<tf.Tensor4D>(inputs.filter!);
    const info = tf.backend_util.computeConv2DInfo(inputShape, filter.shape, strides, dilations, pad, dimRoundingMode, true);
    return kernelResult(backend, () => depthwiseInputGradient(dy, filter, inputShape, geometryOf(info)));
  },
};
