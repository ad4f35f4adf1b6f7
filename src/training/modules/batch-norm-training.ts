import * as tf from '@tensorflow/tfjs-core';

/**
 * Training-mode batch normalisation over every axis but the last, with the closed-form gradient instead of
 * autodiff through `tf.moments` and `tf.batchNorm`. Autodiff treats the batch mean and variance as inputs of
 * their own and back-propagates into them separately: six reductions and some twenty element-wise kernels per
 * layer, against two reductions and eight kernels here (on lavapipe, BatchNorm's backward pass was the
 * largest share of a `small` training step after the matrix products). `onStatistics` receives the batch mean
 * and biased variance, for the running averages.
 */
export function batchNormTraining<T extends tf.Tensor>(
  x: T,
  gamma: tf.Tensor1D,
  beta: tf.Tensor1D,
  epsilon: number,
  onStatistics: (mean: tf.Tensor1D, variance: tf.Tensor1D) => void,
): T {
  const axes = x.shape.slice(0, -1).map((_, axis) => axis);
  const count = x.size / x.shape.at(-1)!;
  const normalise = tf.customGrad((input, scale, offset, save) => {
    const { mean, variance } = tf.moments(input as tf.Tensor, axes);
    onStatistics(mean as tf.Tensor1D, variance as tf.Tensor1D);
    const inverse = tf.rsqrt(tf.add(variance, epsilon));
    (save as tf.GradSaveFunc)([input as tf.Tensor, mean, inverse, scale as tf.Tensor]);
    return {
      value: tf.batchNorm(input as tf.Tensor, mean, variance, offset as tf.Tensor1D, scale as tf.Tensor1D, epsilon),
      gradFunc: (dy: tf.Tensor, [saved, savedMean, savedInverse, savedScale]: tf.Tensor[]) => {
        const normalised = tf.mul(tf.sub(saved!, savedMean!), savedInverse!);
        const dOffset = tf.sum(dy, axes);
        const dScale = tf.sum(tf.mul(dy, normalised), axes);
        // dx = scale / sigma * (dy - mean(dy) - normalised * mean(dy * normalised))
        const centred = tf.sub(tf.sub(dy, tf.div(dOffset, count)), tf.mul(normalised, tf.div(dScale, count)));
        return [tf.mul(centred, tf.mul(savedScale!, savedInverse!)), dScale, dOffset];
      },
    };
  });
  return normalise(x, gamma, beta) as T;
}
