import * as tf from '@tensorflow/tfjs-core';
import { axisPads, type Window } from '../../../../src/training/modules/padding.ts';

/**
 * The reference for dilated-convolution.ts, which replaced it in the modules: a stride-1 dilated convolution
 * computed as TensorFlow's atrous_conv2d does: space-to-batch by the dilation
 * rate, an undilated 'valid' convolution, batch-to-space. tfjs has no gradient for dilated conv2d or
 * depthwiseConv2d, and this form has one, so dilated backbones (output stride 8 or 16) can train.
 * `convolve` applies the undilated kernel with stride 1 and 'valid' padding.
 */
export function atrousConvolution(
  x: tf.Tensor4D,
  window: Window,
  convolve: (input: tf.Tensor4D) => tf.Tensor4D,
): tf.Tensor4D {
  return tf.tidy(() => {
    const rate = window.dilation;
    const [, height, width] = x.shape;
    const [top, bottom] = axisPads(height, window);
    const [left, right] = axisPads(width, window);
    // Pad on to a multiple of the rate so each of the rate*rate sub-images has the same size; the extra
    // rows and columns only produce outputs that are cropped again.
    const extraHeight = (rate - ((height + top + bottom) % rate)) % rate;
    const extraWidth = (rate - ((width + left + right) % rate)) % rate;
    const blocks = tf.spaceToBatchND(x, [rate, rate], [
      [top, bottom + extraHeight],
      [left, right + extraWidth],
    ]);
    const convolved = convolve(blocks);
    return tf.batchToSpaceND(convolved, [rate, rate], [
      [0, extraHeight],
      [0, extraWidth],
    ]);
  });
}
