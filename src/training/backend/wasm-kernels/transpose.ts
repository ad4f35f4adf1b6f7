import type * as tf from '@tensorflow/tfjs-core';

/**
 * Wraps stock wasm's Transpose. Its C++ has fast paths up to rank 4 and a generic 6-D loop beyond, some
 * 35x slower (70 ms against 2 ms on the attention's 5-D transposes). Axes that stay neighbours, in order,
 * under the permutation move as one block, so they are merged first; most 5-D and 6-D transposes in this
 * model (attention heads, space-to-batch) are rank 3 or 4 after that. The data is not touched to relabel:
 * a TensorInfo with the same dataId and another shape is a reshape on this back end.
 */
export function fastTranspose(stock: tf.KernelConfig): tf.KernelConfig {
  return {
    kernelName: stock.kernelName,
    backendName: 'wasm',
    setupFunc: stock.setupFunc,
    disposeFunc: stock.disposeFunc,
    kernelFunc: (args) => transposeMerged(stock, args.backend as tf.KernelBackend, args.inputs.x!, (args.attrs as unknown as tf.TransposeAttrs).perm),
  };
}

export function transposeMerged(stock: tf.KernelConfig, backend: tf.KernelBackend, x: tf.TensorInfo, perm: readonly number[]): tf.TensorInfo {
  const outShape = perm.map((axis) => x.shape[axis]!);
  const merged = mergeNeighbourAxes(x.shape, perm);
  if (merged.perm.length === perm.length) return stock.kernelFunc({ inputs: { x }, backend, attrs: { perm: [...perm] } }) as tf.TensorInfo;
  const relabelled = { dataId: x.dataId, shape: merged.shape, dtype: x.dtype };
  const out = stock.kernelFunc({ inputs: { x: relabelled }, backend, attrs: { perm: merged.perm } }) as tf.TensorInfo;
  return { dataId: out.dataId, shape: outShape, dtype: out.dtype };
}

/**
 * Drops size-1 axes and merges each run of input axes that appear consecutively and in order in `perm`.
 * Returns the smaller input shape and the permutation of the merged axes.
 */
export function mergeNeighbourAxes(shape: readonly number[], perm: readonly number[]): { shape: number[]; perm: number[] } {
  // Size-1 axes dropped and the rest renumbered, so axes that sat either side of one count as neighbours.
  const keptAxes = shape.map((size, axis) => (size === 1 ? -1 : axis)).filter((axis) => axis >= 0);
  const compact = new Map(keptAxes.map((axis, index) => [axis, index]));
  const keptShape = keptAxes.map((axis) => shape[axis]!);
  const kept = perm.filter((axis) => shape[axis] !== 1).map((axis) => compact.get(axis)!);
  // Runs in output order: axis i+1 directly follows axis i.
  const runs: number[][] = [];
  for (const axis of kept) {
    const last = runs.at(-1);
    if (last !== undefined && last.at(-1)! + 1 === axis) last.push(axis);
    else runs.push([axis]);
  }
  if (runs.length === 0) return { shape: [1], perm: [0] };
  // Merged axes in input order, and where each run lands.
  const byInput = runs.map((run, outputIndex) => ({ run, outputIndex })).sort((a, b) => a.run[0]! - b.run[0]!);
  const mergedShape = byInput.map(({ run }) => run.reduce((size, axis) => size * keptShape[axis]!, 1));
  const inputIndexOfRun = new Map(byInput.map(({ outputIndex }, inputIndex) => [outputIndex, inputIndex]));
  return { shape: mergedShape, perm: runs.map((_, outputIndex) => inputIndexOfRun.get(outputIndex)!) };
}
