import * as tf from '@tensorflow/tfjs-core';
import { asTensor, kernelResult } from './kernel-result.ts';

/**
 * Replaces stock wasm's MaxPoolGrad, which routes gradients to wrong positions when a batch has more than
 * one image and more than one channel (for [2, 8, 8, 16] the gradient sums to 2029 where 2048 is right).
 * Each window's k*k candidates are strided slices of x padded with -Infinity (padding never wins, as in
 * tfjs's cpu kernel); ArgMax picks the first maximum in row-major window order, the cpu kernel's
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
  const padded = tf.pad(cropped, [[0, 0], [top, Math.max(bottom, 0)], [left, Math.max(right, 0)], [0, 0]], -Infinity);
  const candidates: tf.Tensor4D[] = [];
  const offsets = new Int32Array(kh * kw);
  for (let a = 0; a < kh; a++) {
    for (let b = 0; b < kw; b++) {
      offsets[a * kw + b] = (a * paddedWidth + b) * channels;
      const end = [n, a + (outHeight - 1) * sh + 1, b + (outWidth - 1) * sw + 1, channels];
      candidates.push(tf.stridedSlice(padded, [0, a, b, 0], end, [1, sh, sw, 1]) as tf.Tensor4D);
    }
  }
  const winner = tf.argMax(tf.stack(candidates, 4), 4);
  const target = tf.add(tf.gather(tf.tensor1d(offsets, 'int32'), winner), windowOrigins(n, outHeight, outWidth, channels, sh, sw, paddedHeight, paddedWidth));
  const size = n * paddedHeight * paddedWidth * channels;
  const routed = tf.scatterND(tf.reshape(target, [-1, 1]), tf.reshape(dy, [-1]), [size]);
  const full = tf.reshape<tf.Rank.R4>(routed, [n, paddedHeight, paddedWidth, channels]);
  const dx = tf.slice(full, [0, top, left, 0], [n, height + Math.min(bottom, 0), width + Math.min(right, 0), channels]);
  // Rows and columns no window reached ('valid' leftovers) get zero gradient.
  return bottom < 0 || right < 0 ? tf.pad(dx as tf.Tensor4D, [[0, 0], [0, Math.max(-bottom, 0)], [0, Math.max(-right, 0)], [0, 0]]) : dx;
}

/** The flat index in the padded input of each window's top-left element, per output element [n, i, j, c]. */
function windowOrigins(n: number, outHeight: number, outWidth: number, channels: number, sh: number, sw: number, paddedHeight: number, paddedWidth: number): tf.Tensor4D {
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
  return tf.tensor4d(origins, [n, outHeight, outWidth, channels], 'int32');
}
