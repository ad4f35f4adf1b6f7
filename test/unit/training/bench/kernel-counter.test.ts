import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { chooseBackend } from '../../../../src/training/backend/index.ts';
import { countKernels } from '../../../../src/training/bench/kernel-counter.ts';

describe('countKernels', () => {
  it('counts the kernels run inside, by name, and stops counting afterwards', async () => {
    await chooseBackend('cpu');
    const a = tf.tensor1d([1, 2, 3, 4]);
    const counted = await countKernels(async () => {
      const sum = tf.tidy(() => tf.add(tf.mul(a, 2), tf.reshape(tf.add(a, 1), [4])));
      expect(Array.from(await sum.data())).toEqual([4, 7, 10, 13]);
      sum.dispose();
    });
    // mul, add, reshape, add; tf.mul(a, 2) also makes its scalar without a kernel.
    expect(counted).toEqual({ kernels: 4, gpuPrograms: undefined, byName: { Add: 2, Multiply: 1, Reshape: 1 } });
    expect(Object.hasOwn(tf.engine(), 'runKernelFunc')).toBe(false);
    const after = await countKernels(async () => undefined);
    expect(after.kernels).toBe(0);
    a.dispose();
  });
});
