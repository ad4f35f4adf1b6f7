import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';
import { BackendUnavailable } from '../../../../../src/training/backend/backend-choice.ts';
import { wasmBackend } from '../../../../../src/training/backend/wasm-backend.ts';
import { Rng } from '../../../../../src/util/rng.ts';
import { relativeError } from './relative-error.ts';

/** Why the wasm back end cannot start here, or null; leaves the cpu back end active either way. */
export async function wasmUnavailableReason(): Promise<string | null> {
  try {
    await wasmBackend.activate();
    return null;
  } catch (error) {
    if (error instanceof BackendUnavailable) return error.reason;
    throw error;
  } finally {
    await tf.setBackend('cpu');
  }
}

/** Seeded standard normals: continuous values, so max-pool windows and ReLUs have no ties. */
export function normals(size: number, seed: string): Float32Array {
  const rng = new Rng(['wasm-kernel-test', seed]);
  return Float32Array.from({ length: size }, () => rng.normal());
}

/** Runs `compute` on the named back end with inputs made there, returns its values, and checks nothing leaked. */
export async function valuesOn(backend: 'wasm' | 'cpu', compute: () => tf.Tensor): Promise<Float32Array> {
  await tf.setBackend(backend);
  // tfjs's cpu back end prints a banner on first use.
  (tf.backend() as { firstUse?: boolean }).firstUse = false;
  const before = tf.memory().numTensors;
  const result = compute();
  const values = (await result.data()) as Float32Array;
  result.dispose();
  expect(tf.memory().numTensors, `tensors left on ${backend}`).toBe(before);
  return Float32Array.from(values);
}

export { relativeError };

export function expectClose(actual: Float32Array, expected: Float32Array, tolerance: number, what: string): void {
  expect(relativeError(actual, expected), what).toBeLessThanOrEqual(tolerance);
}

/** The same kernel with the same inputs on wasm and on cpu. */
export async function kernelOnBoth(
  kernelName: string,
  inputs: Record<string, { shape: number[]; values: Float32Array }>,
  attrs: Record<string, unknown>,
): Promise<{ wasm: Float32Array; cpu: Float32Array }> {
  const run = () => {
    const tensors = Object.fromEntries(Object.entries(inputs).map(([name, { shape, values }]) => [name, tf.tensor(values, shape)]));
    const out = tf.engine().runKernel(kernelName, tensors, attrs as tf.NamedAttrMap) as tf.Tensor;
    tf.dispose(Object.values(tensors));
    return out;
  };
  return { wasm: await valuesOn('wasm', run), cpu: await valuesOn('cpu', run) };
}
