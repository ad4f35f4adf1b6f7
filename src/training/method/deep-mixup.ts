import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../../util/rng.ts';

export interface DeepMixup {
  /** [2N, c]: the batch's features F followed by the mixed features F'. */
  features: tf.Tensor2D;
  /** [2N]: the targets y followed by the mixed targets y'. */
  targets: tf.Tensor1D;
  /** The partner p(i) of each sample i. */
  permutation: number[];
  /** The mixing factor lambda_i of each pair. */
  lambdas: Float32Array;
}

/**
 * Deep mixup (eqs. 5-6): F'_i = l_i F_i + (1 - l_i) F_p(i), y'_i = l_i y_i + (1 - l_i) y_p(i), with p a random
 * permutation of the batch and l_i ~ Beta(alpha, alpha). Mixing the pooled features rather than the pixels
 * synthesises forgeries the student has not seen; the head is trained on the real and the mixed batch.
 * The draws come from `rng` on the host, so a training step is reproducible on every back end.
 */
export function deepMixup(features: tf.Tensor2D, targets: tf.Tensor1D, alpha: number, rng: Rng): DeepMixup {
  const samples = features.shape[0];
  if (targets.shape[0] !== samples) {
    throw new RangeError(`mixup needs one target per feature row: ${samples} rows, ${targets.shape[0]} targets`);
  }
  const permutation = rng.permutation(samples);
  const lambdas = Float32Array.from({ length: samples }, () => rng.beta(alpha, alpha));
  return tf.tidy(() => {
    const lambda = tf.tensor1d(lambdas);
    const partners = tf.tensor1d(permutation, 'int32');
    const mixedFeatures = mix(features, tf.gather(features, partners), tf.expandDims(lambda, 1));
    const mixedTargets = mix(targets, tf.gather(targets, partners), lambda);
    return {
      features: tf.concat([features, mixedFeatures], 0),
      targets: tf.concat([targets, mixedTargets], 0),
      permutation,
      lambdas,
    };
  });
}

function mix<T extends tf.Tensor>(own: T, partner: T, lambda: tf.Tensor): T {
  return tf.add(tf.mul(own, lambda), tf.mul(partner, tf.sub(1, lambda))) as T;
}
