import * as tf from '@tensorflow/tfjs-core';
import { asTensor, kernelResult } from './kernel-result.ts';

/**
 * Replaces stock wasm's MaxPoolGrad, which routes gradients to wrong positions when a batch has more than
 * one image and more than one channel (for [2, 8, 8, 16] the gradient sums to 2029 where 2048 is right).
 * Each window's k*k candidates are gathered from x padded with the lowest float32 (padding never wins, as in
 * tfjs's cpu kernel; inputs of -Infinity or NaN are outside what this handles); ArgMax picks the first maximum in row-major window order, the cpu kernel's
 * tie-break; ScatterNd then adds each dy into the flat position it came from (windows that overlap add up).
 */
export const maxPoolGrad: tf.KernelConfig = {
  kernelName: tf.MaxPoolGrad,
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { filterSize, strides, pad, dimRoundingMode } = attrs as unknown as tf.MaxPoolGradAttrs;
    const x = asTensor<tf.Tensor4D>(inputs.input!);
    const dy = asTensor<tf.Tensor4D>(inputs.dy!);
    const info = tf.backend_util.computePool2DInfo(x.shape, filterSize, strides, 1, pad, dimRoundingMode);
    return kernelResult(backend, () => routeToMaxima(x, dy, info));
  },
};

function routeToMaxima(x: tf.Tensor4D, dy: tf.Tensor4D, info: tf.backend_util.Conv2DInfo): tf.Tensor4D {
  const [n, height, width, channels] = x.shape;
  const { filterHeight: kh, filterWidth: kw, strideHeight: sh, strideWidth: sw, outHeight, outWidth } = info;
  const { top, left } = info.padInfo;
  // Exactly the rows and columns the windows read, which may be fewer than x plus its pads ('valid').
  const paddedHeight = (outHeight - 1) * sh + kh;
  const paddedWidth = (outWidth - 1) * sw + kw;
  const bottom = paddedHeight - height - top;
  const right = paddedWidth - width - left;
  const cropped: tf.Tensor4D = bottom < 0 || right < 0 ? tf.slice(x, [0, 0, 0, 0], [n, height + Math.min(bottom, 0), width + Math.min(right, 0), channels]) : x;
  // Finite, so that the one-hot filter below multiplies padding by 0 without making NaN; any real input wins.
  const padded = tf.pad(cropped, [[0, 0], [top, Math.max(bottom, 0)], [left, Math.max(right, 0)], [0, 0]], -3.4028234663852886e38);
  const windowSize = kh * kw;
  const offsets = new Int32Array(windowSize);
  for (let a = 0; a < kh; a++) for (let b = 0; b < kw; b++) offsets[a * kw + b] = (a * paddedWidth + b) * channels;
  // One depthwise convolution with a one-hot filter per window position gathers every window's candidates
  // as channel c * k*k + t, i.e. already as rows [n, i, j, c] of k*k values: one XNNPACK call instead of
  // k*k strided slices and a 5-D stack (measured 10x slower).
  const picks = new Float32Array(windowSize * channels * windowSize);
  for (let t = 0; t < windowSize; t++) for (let c = 0; c < channels; c++) picks[(t * channels + c) * windowSize + t] = 1;
  const candidates = tf.depthwiseConv2d(padded, tf.tensor4d(picks, [kh, kw, channels, windowSize]), [sh, sw], 'valid');
  const winner = tf.argMax(tf.reshape(candidates, [-1, windowSize]), 1);
  const target = tf.add(tf.gather(tf.tensor1d(offsets, 'int32'), winner), windowOriginsFlat(n, outHeight, outWidth, channels, sh, sw, paddedHeight, paddedWidth));
  const size = n * paddedHeight * paddedWidth * channels;
  const routed = tf.scatterND(tf.reshape(target, [-1, 1]), tf.reshape(dy, [-1]), [size]);
  const full = tf.reshape<tf.Rank.R4>(routed, [n, paddedHeight, paddedWidth, channels]);
  const dx = tf.slice(full, [0, top, left, 0], [n, height + Math.min(bottom, 0), width + Math.min(right, 0), channels]);
  // Rows and columns no window reached ('valid' leftovers) get zero gradient.
  return bottom < 0 || right < 0 ? tf.pad(dx as tf.Tensor4D, [[0, 0], [0, Math.max(-bottom, 0)], [0, Math.max(-right, 0)], [0, 0]]) : dx;
}

/** The flat index in the padded input of each window's top-left element, per output element [n, i, j, c]. */
function windowOriginsFlat(n: number, outHeight: number, outWidth: number, channels: number, sh: number, sw: number, paddedHeight: number, paddedWidth: number): tf.Tensor1D {
  const origins = new Int32Array(n * outHeight * outWidth * channels);
  let k = 0;
  for (let image = 0; image < n; image++) {
    for (let i = 0; i < outHeight; i++) {
      for (let j = 0; j < outWidth; j++) {
        const origin = ((image * paddedHeight + i * sh) * paddedWidth + j * sw) * channels;
        for (let c = 0; c < channels; c++) origins[k++] = origin + c;
      }
    }
  }
  return tf.tensor1d(origins, 'int32');
}
