import * as tf from '@tensorflow/tfjs-core';

/** The two methods of tfjs-backend-wasm's back end that a kernel written in TypeScript needs. */
interface WasmHeap {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  /** A view of the tensor's bytes in the wasm heap: no copy, valid until the heap next grows. */
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array;
}

/**
 * Replaces stock wasm's MaxPoolGrad, which routes gradients to wrong positions when a batch has more than
 * one image and more than one channel (for [2, 8, 8, 16] the gradient sums to 2029 where 2048 is right).
 *
 * A plain loop over the wasm heap, not tfjs ops: each window's maximum is found in row-major window order,
 * the first one winning ties (strictly greater, as tfjs's cpu kernel does, so padding, -Infinity-only windows
 * and NaN behave alike), and its dy is added at that input position (overlapping windows add up). Built from
 * ops instead (a one-hot depthwise convolution, ArgMax, Gather, ScatterNd) it cost about 70 ms of a 420 ms
 * `small` step; this loop does one pass over the windows.
 */
export const maxPoolGrad: tf.KernelConfig = {
  kernelName: tf.MaxPoolGrad,
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { filterSize, strides, pad, dimRoundingMode } = attrs as unknown as tf.MaxPoolGradAttrs;
    const x = inputs.input!;
    const dy = inputs.dy!;
    const info = tf.backend_util.computePool2DInfo(x.shape as [number, number, number, number], filterSize, strides, 1, pad, dimRoundingMode);
    const heap = backend as unknown as WasmHeap;
    const dx = heap.makeOutput([...x.shape], 'float32');
    // Views are taken after makeOutput, which may grow the heap and detach earlier ones.
    routeToMaxima(heap.typedArrayFromHeap(x), heap.typedArrayFromHeap(dy), heap.typedArrayFromHeap(dx), info);
    return dx;
  },
};

/** Adds each dy element into `dx` at the first maximum of its window in `x` (all NHWC, flat). */
export function routeToMaxima(x: Float32Array, dy: Float32Array, dx: Float32Array, info: tf.backend_util.Conv2DInfo): void {
  const { batchSize, inHeight, inWidth, inChannels: channels, outHeight, outWidth, filterHeight, filterWidth, strideHeight, strideWidth } = info;
  const { top, left } = info.padInfo;
  dx.fill(0);
  const best = new Float32Array(channels);
  const bestAt = new Int32Array(channels);
  for (let image = 0; image < batchSize; image++) {
    for (let i = 0; i < outHeight; i++) {
      for (let j = 0; j < outWidth; j++) {
        best.fill(-Infinity);
        bestAt.fill(-1);
        for (let a = 0; a < filterHeight; a++) {
          const row = i * strideHeight - top + a;
          if (row < 0 || row >= inHeight) continue;
          for (let b = 0; b < filterWidth; b++) {
            const column = j * strideWidth - left + b;
            if (column < 0 || column >= inWidth) continue;
            const base = ((image * inHeight + row) * inWidth + column) * channels;
            for (let c = 0; c < channels; c++) {
              const value = x[base + c]!;
              if (value > best[c]!) {
                best[c] = value;
                bestAt[c] = base + c;
              }
            }
          }
        }
        const dyBase = ((image * outHeight + i) * outWidth + j) * channels;
        for (let c = 0; c < channels; c++) if (bestAt[c]! >= 0) dx[bestAt[c]!]! += dy[dyBase + c]!;
      }
    }
  }
}
