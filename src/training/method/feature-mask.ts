import * as tf from '@tensorflow/tfjs-core';
import type { MaskStrategy } from '../../runtime-common/topk-mask.ts';
import type { Rng } from '../../util/rng.ts';

/**
 * The student's feature mask (eq. 4): 1 keeps a feature position, 0 removes it. For `high` the k positions
 * with the largest attention are removed, for `low` the k smallest; equal values go to the lower index
 * first, the order ONNX TopK uses, so the deployed runtimes can reproduce the mask exactly.
 *
 * The mask is a constant to the gradient: the student's loss must not teach the teacher where to look.
 *
 * @param attention [N, h*w] teacher attention over the feature positions
 * @param k how many positions to remove per sample
 * @param rng draws the positions of the `random` strategy; the other strategies do not use it
 * @returns [N, h*w] float32 of 0 and 1
 */
export function featureMask(attention: tf.Tensor2D, strategy: MaskStrategy, k: number, rng: Rng): tf.Tensor2D {
  const [samples, positions] = attention.shape;
  if (!Number.isInteger(k) || k < 0 || k > positions) {
    throw new RangeError(`mask size k must be an integer in [0, ${positions}] for ${positions} positions, got ${k}`);
  }
  switch (strategy) {
    case 'high':
    case 'low':
      return rankMask(attention, k, strategy);
    case 'random':
      return randomMask(samples, positions, k, rng);
    case 'none':
      return tf.ones([samples, positions]);
  }
}

/** Removes k random positions per sample, drawn from `rng` (a permutation's first k). */
export function randomMask(samples: number, positions: number, k: number, rng: Rng): tf.Tensor2D {
  const values = new Float32Array(samples * positions).fill(1);
  for (let n = 0; n < samples; n++) {
    for (const position of rng.permutation(positions).slice(0, k)) values[n * positions + position] = 0;
  }
  return tf.tensor2d(values, [samples, positions]);
}

/**
 * The rank of each position in the stable descending (or ascending) order is the number of positions that
 * come before it; the first k are removed. Comparing all pairs costs (h*w)^2 per sample, nothing for maps of
 * 7x7 or 8x8, and keeps the mask on the device: no read-back to the host in the middle of a training step.
 *
 * The comparisons are float arithmetic on the pairwise differences (`step` of a difference is 1 where it is
 * positive): exact for 0/1 values, and broadcasting comparisons with bool outputs take a slow generic path on
 * tfjs's wasm back end (17 ms of a 350 ms `small` step, against about 2 ms this way).
 */
function rankMask(attention: tf.Tensor2D, k: number, order: 'high' | 'low'): tf.Tensor2D {
  const [, positions] = attention.shape;
  return asConstant(attention, (input) => tf.tidy(() => {
    // difference[n, i, j] = a[n, j] - a[n, i]: positive where j is larger than i.
    const difference = tf.sub(tf.expandDims(input, 1), tf.expandDims(input, 2));
    const larger = tf.step(difference);
    const smaller = tf.step(tf.neg(difference));
    const otherComesFirstByValue = order === 'high' ? larger : smaller;
    const tie = tf.sub(tf.sub(1, larger), smaller);
    const otherHasLowerIndex = tf.linalg.bandPart(tf.sub(tf.ones([positions, positions]), tf.eye(positions)), -1, 0); // [i, j]: j < i
    const rank = tf.sum(tf.add(otherComesFirstByValue, tf.mul(tie, otherHasLowerIndex)), 2);
    // Ranks are whole numbers, so rank >= k is rank - (k - 0.5) > 0.
    return tf.step(tf.sub(rank, k - 0.5)) as tf.Tensor2D;
  }));
}

/** Computes `compute(x)` as a constant: the result passes no gradient back to x (tfjs has no stopGradient). */
function asConstant<T extends tf.Tensor>(x: tf.Tensor, compute: (input: tf.Tensor) => T): T {
  return tf.customGrad((...args) => {
    const input = args[0] as tf.Tensor;
    return { value: compute(input), gradFunc: () => tf.zerosLike(input) };
  })(x) as T;
}
