import * as tf from '@tensorflow/tfjs-core';

/**
 * Runs public tfjs ops inside a kernel function and hands their result to the engine as the kernel's output.
 * Nested ops are not taped (the engine records only the outermost kernel), and `tidy` frees every
 * intermediate. The result's data gets one more reference on the back end before its tensor is disposed,
 * so that reference passes to the tensor the engine wraps around the returned TensorInfo.
 */
export function kernelResult(backend: unknown, compute: () => tf.Tensor): tf.TensorInfo {
  const result = tf.tidy(compute);
  (backend as tf.KernelBackend).incRef(result.dataId);
  const info = { dataId: result.dataId, shape: result.shape, dtype: result.dtype };
  result.dispose();
  return info;
}

/** A kernel's input as the tensor the engine passed in; kernels receive them typed as plain TensorInfo. */
export function asTensor<T extends tf.Tensor>(info: tf.TensorInfo): T {
  if (!(info instanceof tf.Tensor)) {
    throw new TypeError(`wasm training kernels expect tf.Tensor inputs (called through tfjs ops); got a bare TensorInfo of shape [${info.shape}]`);
  }
  return info as T;
}

/** Kernels here are written for tfjs's default layout only; NCHW never reaches them from this model. */
export function requireNhwc(kernelName: string, dataFormat: unknown): void {
  if (dataFormat !== undefined && dataFormat !== 'NHWC' && dataFormat !== 'channelsLast') {
    throw new RangeError(`${kernelName} on wasm: expected dataFormat NHWC; got ${String(dataFormat)}`);
  }
}
