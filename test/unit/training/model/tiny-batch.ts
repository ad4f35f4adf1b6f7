import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '../../../../src/util/rng.ts';

/** A seeded batch of NHWC images in [0, 1] with alternating labels (0 = real, 1 = fake). */
export function tinyBatch(size: number, imageSize: number, seed = 1): { images: tf.Tensor4D; labels: tf.Tensor1D } {
  const rng = new Rng([seed, 'test images']);
  const pixels = Float32Array.from({ length: size * imageSize * imageSize * 3 }, () => rng.uniform());
  return {
    images: tf.tensor4d(pixels, [size, imageSize, imageSize, 3]),
    labels: tf.tensor1d(Array.from({ length: size }, (_, i) => i % 2)),
  };
}

/** Largest absolute difference between two equally long arrays. */
export function maxAbsDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError(`cannot compare ${a.length} values with ${b.length}`);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return worst;
}
