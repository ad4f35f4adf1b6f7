import * as tf from '@tensorflow/tfjs-core';
import { asTensor, kernelResult } from './kernel-result.ts';

/**
 * Missing on stock wasm (the gradient of Gather needs it): a one-hot matrix [segments, M], built already
 * transposed so the product takes wasm's fast untransposed path, times x as [M, rest]. Ids outside
 * [0, numSegments) match no row and are dropped, as TensorFlow drops them.
 */
export const unsortedSegmentSum: tf.KernelConfig = {
  kernelName: tf.UnsortedSegmentSum,
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { numSegments } = attrs as unknown as tf.UnsortedSegmentSumAttrs;
    const x = asTensor(inputs.x!);
    const ids = asTensor(inputs.segmentIds!);
    const rest = x.shape.slice(ids.rank);
    const count = ids.size;
    return kernelResult(backend, () => {
      const rows = tf.reshape(tf.range(0, numSegments, 1, 'int32'), [numSegments, 1]);
      const oneHot = tf.cast(tf.equal(rows, tf.reshape(tf.cast(ids, 'int32'), [1, count])), 'float32');
      const values = tf.reshape(tf.cast(x, 'float32'), [count, rest.reduce((a, b) => a * b, 1)]);
      const sums = tf.reshape(tf.matMul(oneHot, values), [numSegments, ...rest]);
      return x.dtype === 'float32' ? sums : tf.cast(sums, x.dtype);
    });
  },
};
