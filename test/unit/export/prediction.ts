import * as tf from '@tensorflow/tfjs-core';
import type { LearningToMask } from '../../../src/training/model/learning-to-mask.ts';

/** `predict`'s outputs as host arrays, named as in the graphs. */
export interface PredictionArrays {
  attention: Float32Array;
  vit_logit: Float32Array;
  cnn_logit: Float32Array;
  mask: Float32Array;
  logit: Float32Array;
  prob: Float32Array;
}

export function predictArrays(model: LearningToMask, images: tf.Tensor4D): PredictionArrays {
  const prediction = model.predict(images);
  const read = (tensor: tf.Tensor) => Float32Array.from(tensor.dataSync() as Float32Array);
  try {
    return {
      attention: read(prediction.attention),
      vit_logit: read(prediction.vitLogit),
      cnn_logit: read(prediction.cnnLogit),
      mask: read(prediction.mask),
      logit: read(prediction.logit),
      prob: read(prediction.prob),
    };
  } finally {
    tf.dispose(Object.values(prediction));
  }
}

/** The student's tfjs logit on a given mask [n, h*w], in inference mode. */
export function studentLogit(model: LearningToMask, images: tf.Tensor4D, mask: Float32Array): Float32Array {
  return tf.tidy(() => {
    const maskTensor = tf.tensor2d(mask, [images.shape[0], mask.length / images.shape[0]]);
    return Float32Array.from(model.student.forward(images, maskTensor, false).dataSync() as Float32Array);
  });
}

/** max - min: tests require outputs to vary across images by far more than their tolerance. */
export function spread(values: ArrayLike<number>): number {
  const list = Array.from(values);
  return Math.max(...list) - Math.min(...list);
}
