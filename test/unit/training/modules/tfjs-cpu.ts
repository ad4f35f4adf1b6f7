import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '../../../../src/util/rng.ts';

/** The tfjs cpu back end: exact float32 kernels, the reference the ONNX graphs are compared with. */
export async function useCpuBackend(): Promise<void> {
  await tf.setBackend('cpu');
  (tf.backend() as { firstUse?: boolean }).firstUse = false;
}

/** A seeded standard-normal tensor, so failures reproduce. */
export function randomNormal(shape: number[], seed: number | string): tf.Tensor {
  const rng = new Rng(['test-input', seed]);
  const size = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Float32Array.from({ length: size }, () => rng.normal()), shape);
}

/** Replaces a variable's values with seeded normals scaled and shifted (e.g. BN statistics that are not 0/1). */
export function randomizeVariable(variable: tf.Variable, seed: string, scale: number, shift: number, positive = false): void {
  const rng = new Rng(['test-variable', seed]);
  const values = Float32Array.from({ length: variable.size }, () => {
    const value = shift + scale * rng.normal();
    return positive ? Math.abs(value) + 0.05 : value;
  });
  variable.assign(tf.tensor(values, variable.shape));
}

/** Largest |a - b| and where it is, for readable failures. */
export function maxAbsDifference(actual: ArrayLike<number>, expected: ArrayLike<number>): { max: number; index: number } {
  if (actual.length !== expected.length) throw new RangeError(`lengths differ: ${actual.length} vs ${expected.length}`);
  let max = 0;
  let index = -1;
  for (let i = 0; i < actual.length; i++) {
    const difference = Math.abs(actual[i]! - expected[i]!);
    if (!(difference <= max)) {
      max = difference;
      index = i;
    }
  }
  return { max, index };
}
