import type * as tf from '@tensorflow/tfjs-core';
import { transposeMerged } from './transpose.ts';

/**
 * Wraps stock wasm's BatchMatMul. With transposeA or transposeB it leaves XNNPACK for a scalar loop (about
 * 200 ms against 12-21 ms on the `small` model's gradient products); an explicit transpose first costs
 * far less, and every matMul gradient asks for one of the two.
 */
export function batchMatMulWithoutTransposes(stock: tf.KernelConfig, stockTranspose: tf.KernelConfig): tf.KernelConfig {
  return {
    kernelName: stock.kernelName,
    backendName: 'wasm',
    setupFunc: stock.setupFunc,
    disposeFunc: stock.disposeFunc,
    kernelFunc: ({ inputs, backend: untyped, attrs }) => {
      const backend = untyped as tf.KernelBackend;
      const { transposeA, transposeB } = attrs as unknown as tf.BatchMatMulAttrs;
      const temporaries: tf.TensorInfo[] = [];
      const untransposed = (t: tf.TensorInfo, transposed: boolean) => {
        if (!transposed) return t;
        const rank = t.shape.length;
        const perm = [...Array(rank - 2).keys(), rank - 1, rank - 2];
        const copy = transposeMerged(stockTranspose, backend, t, perm);
        temporaries.push(copy);
        return copy;
      };
      const a = untransposed(inputs.a!, transposeA);
      const b = untransposed(inputs.b!, transposeB);
      try {
        return stock.kernelFunc({ inputs: { a, b }, backend, attrs: { transposeA: false, transposeB: false } });
      } finally {
        for (const t of temporaries) backend.disposeData(t.dataId);
      }
    },
  };
}
