import * as tf from '@tensorflow/tfjs-core';

/**
 * Head-diversity loss over the last block's per-head attention (eq. 3, by its stated intent): with A_i the
 * flattened attention matrix of head i and d_ij their cosine similarity, the mean over samples of
 * (1/h^2) sum_{i != j} d_ij. It is 0 when heads attend to disjoint places and (h-1)/h when all agree, so
 * minimising it spreads the heads out (the formula as printed would reward agreement).
 *
 * @param headAttention [N, heads, ...] attention probabilities per head
 */
export function diversityLoss(headAttention: tf.Tensor): tf.Scalar {
  const [samples, heads] = headAttention.shape as [number, number];
  return tf.tidy(() => {
    const flat = tf.reshape(headAttention, [samples, heads, -1]);
    // The epsilon keeps the gradient finite for an all-zero head; attention rows sum to 1, so it is never near.
    const unit = tf.div(flat, tf.sqrt(tf.add(tf.sum(tf.square(flat), 2, true), 1e-12)));
    const cosine = tf.matMul(unit, unit, false, true); // [N, h, h]
    const offDiagonal = tf.sub(1, tf.eye(heads));
    return tf.div(tf.mean(tf.sum(tf.mul(cosine, offDiagonal), [1, 2])), heads * heads) as tf.Scalar;
  });
}
