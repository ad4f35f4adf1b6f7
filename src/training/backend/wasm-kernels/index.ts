/**
 * Kernels that make tfjs's wasm back end (4.22, XNNPACK) train this model: the gradient kernels it lacks,
 * a replacement for the MaxPoolGrad it computes wrongly, and wrappers that keep its matrix products,
 * transposes and stride-1 input gradients on fast paths.
 *
 * They are TypeScript over wasm's existing kernels rather than new C++: rebuilding tfjs's .wasm binaries
 * needs the Bazel and Emscripten toolchain tfjs is built with, which a user of the npm package does not have,
 * and the arithmetic that matters already runs in XNNPACK behind Conv2D, DepthwiseConv2dNative and
 * BatchMatMul. Each missing gradient is rewritten as one of those forward kernels plus layout changes.
 */
import * as tf from '@tensorflow/tfjs-core';
import { batchMatMulWithoutTransposes } from './batch-mat-mul.ts';
import { conv2dBackpropFilter } from './conv2d-backprop-filter.ts';
import { conv2dBackpropInputAtStrideOne } from './conv2d-backprop-input.ts';
import { depthwiseConv2dNativeBackpropFilter } from './depthwise-backprop-filter.ts';
import { depthwiseConv2dNativeBackpropInput } from './depthwise-backprop-input.ts';
import { maxPoolGrad } from './max-pool-grad.ts';
import { fastTranspose } from './transpose.ts';
import { unsortedSegmentSum } from './unsorted-segment-sum.ts';

/** Kernels stock wasm does not have. */
const added = [conv2dBackpropFilter, depthwiseConv2dNativeBackpropFilter, depthwiseConv2dNativeBackpropInput, unsortedSegmentSum];

/** Stock kernels as tfjs-backend-wasm registered them, kept for the wrappers and for tests that show the bug. */
const stockKernels = new Map<string, tf.KernelConfig>();

/**
 * Registers the kernels above for the 'wasm' back end, once per process; must run after
 * `@tensorflow/tfjs-backend-wasm` is imported (it registers the stock ones) and before the back end starts,
 * so that the wrapped kernels' setup functions run at initialisation.
 */
export function registerWasmKernels(): void {
  if (stockKernels.size > 0) return;
  for (const name of [tf.MaxPoolGrad, tf.BatchMatMul, tf.Transpose, tf.Conv2DBackpropInput]) {
    const stock = tf.getKernel(name, 'wasm');
    if (stock === undefined) throw new TypeError(`@tensorflow/tfjs-backend-wasm registered no ${name} kernel; expected version 4.22.0`);
    stockKernels.set(name, stock);
  }
  const stockTranspose = stockKernels.get(tf.Transpose)!;
  const replacements = [
    maxPoolGrad,
    batchMatMulWithoutTransposes(stockKernels.get(tf.BatchMatMul)!, stockTranspose),
    fastTranspose(stockTranspose),
    conv2dBackpropInputAtStrideOne(stockKernels.get(tf.Conv2DBackpropInput)!),
  ];
  for (const kernel of replacements) {
    tf.unregisterKernel(kernel.kernelName, 'wasm');
    tf.registerKernel(kernel);
  }
  for (const kernel of added) {
    if (tf.getKernel(kernel.kernelName, 'wasm') === undefined) tf.registerKernel(kernel);
  }
}

/** The kernel tfjs-backend-wasm shipped under `name`, before `registerWasmKernels` replaced it. */
export function stockWasmKernel(name: string): tf.KernelConfig {
  const stock = stockKernels.get(name);
  if (stock === undefined) throw new RangeError(`no stock wasm kernel kept for ${name}; kept: ${[...stockKernels.keys()].join(', ')}`);
  return stock;
}
