import * as tf from '@tensorflow/tfjs-core';

/**
 * Mean binary cross-entropy between logits x and soft targets y in [0, 1] (mixup makes them fractional):
 * softplus(x) - x y, which equals -y log s(x) - (1 - y) log(1 - s(x)) without overflowing for large |x|.
 * Written with softplus rather than relu(x) - x y + log1p(exp(-|x|)) because the latter's gradient at x = 0
 * is -y instead of 0.5 - y, and zero logits are where a freshly initialised head starts.
 */
export function binaryCrossEntropyWithLogits(logits: tf.Tensor1D, targets: tf.Tensor1D): tf.Scalar {
  if (logits.shape[0] !== targets.shape[0]) {
    throw new RangeError(`binary cross-entropy needs one target per logit: ${logits.shape[0]} logits, ${targets.shape[0]} targets`);
  }
  return tf.tidy(() => tf.mean(tf.sub(tf.softplus(logits), tf.mul(logits, targets))) as tf.Scalar);
}
