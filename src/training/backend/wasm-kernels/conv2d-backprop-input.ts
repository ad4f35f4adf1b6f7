import * as tf from '@tensorflow/tfjs-core';
import { convolutionInputGradient, geometryOf } from '../../modules/convolution-gradients.ts';
import { asTensor, kernelResult, requireNhwc } from './kernel-result.ts';

/**
 * Stock wasm computes Conv2DBackpropInput in a scalar loop (7 ms for one 3x3 stem convolution of a small
 * step); at stride 1 it is one (XNNPACK) convolution of the padded dy with the flipped filter. Strided
 * convolutions keep the stock kernel, which this wraps.
 */
export function conv2dBackpropInputAtStrideOne(stock: tf.KernelConfig): tf.KernelConfig {
  return {
    kernelName: tf.Conv2DBackpropInput,
    backendName: 'wasm',
    // The stock kernel binds its wasm function in its setup, which runs when the back end starts.
    setupFunc: stock.setupFunc,
    kernelFunc: (call) => {
      const { strides, pad, dataFormat, dimRoundingMode, inputShape } = call.attrs as unknown as tf.Conv2DBackpropInputAttrs;
      const filter = call.inputs.filter!;
      const info = tf.backend_util.computeConv2DInfo(inputShape, filter.shape as [number, number, number, number], strides, 1, pad, dimRoundingMode);
      if (info.strideHeight !== 1 || info.strideWidth !== 1) return stock.kernelFunc(call);
      requireNhwc(tf.Conv2DBackpropInput, dataFormat);
      const dy = asTensor<tf.Tensor4D>(call.inputs.dy!);
      return kernelResult(call.backend, () => convolutionInputGradient(dy, asTensor<tf.Tensor4D>(filter), inputShape, geometryOf(info)));
    },
  };
}
