import * as tf from '@tensorflow/tfjs-core';
import { depthwiseFilterGradient, geometryOf } from '../../modules/convolution-gradients.ts';
import { asTensor, kernelResult } from './kernel-result.ts';

/** Missing on stock wasm: one depthwise convolution over the batch laid out as channels, then a sum over N. */
export const depthwiseConv2dNativeBackpropFilter: tf.KernelConfig = {
  kernelName: tf.DepthwiseConv2dNativeBackpropFilter,
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { strides, dilations, pad, dimRoundingMode, filterShape } = attrs as unknown as tf.DepthwiseConv2dNativeBackpropFilterAttrs;
    const x = asTensor<tf.Tensor4D>(inputs.x!);
    const dy = asTensor<tf.Tensor4D>(inputs.dy!);
    const info = tf.backend_util.computeConv2DInfo(x.shape, filterShape, strides, dilations, pad, dimRoundingMode, true);
    return kernelResult(backend, () => depthwiseFilterGradient(x, dy, geometryOf(info)));
  },
};
