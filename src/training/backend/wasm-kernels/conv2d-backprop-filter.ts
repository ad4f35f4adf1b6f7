import * as tf from '@tensorflow/tfjs-core';
import { convolutionFilterGradient, geometryOf } from '../../modules/convolution-gradients.ts';
import { asTensor, kernelResult, requireNhwc } from './kernel-result.ts';

/** Missing on stock wasm: the filter gradient of every Conv2D, as one (XNNPACK) convolution. */
export const conv2dBackpropFilter: tf.KernelConfig = {
  kernelName: tf.Conv2DBackpropFilter,
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as tf.Conv2DBackpropFilterAttrs;
    requireNhwc(tf.Conv2DBackpropFilter, dataFormat);
    const x = asTensor<tf.Tensor4D>(inputs.x!);
    const dy = asTensor<tf.Tensor4D>(inputs.dy!);
    const info = tf.backend_util.computeConv2DInfo(x.shape, filterShape, strides, 1, pad, dimRoundingMode);
    return kernelResult(backend, () => convolutionFilterGradient(x, dy, geometryOf(info)));
  },
};
