import * as tf from '@tensorflow/tfjs-core';
import { toNchw } from '../runtime-common/preprocess.ts';
import type { NamedTensor } from '../runtime-common/tensor-proto.ts';
import type { LearningToMask, Prediction } from '../training/model/learning-to-mask.ts';

export interface ReferenceData {
  /** image [n, 3, S, S], the graphs' layout. */
  readonly inputs: NamedTensor[];
  /** attention, vit_logit, cnn_logit, mask, logit, prob: tfjs inference on the inputs, named as in the graphs. */
  readonly outputs: NamedTensor[];
}

/**
 * Runs the trained model's own tfjs inference (`predict`: running BatchNorm statistics, the configured mask)
 * on pre-processed HWC images. These outputs, not the ONNX graphs' own, are what every runtime is later
 * held to, so an emitter bug shows up as a parity failure instead of becoming the reference.
 *
 * A `random` mask is drawn from `maskSeed`, the seed model.json records, the way the runtimes draw it, so the
 * reference is what a deployment must reproduce.
 */
export function referenceOutputs(model: LearningToMask, images: readonly Float32Array[], size: number, maskSeed: number): ReferenceData {
  const n = images.length;
  const pixels = size * size * 3;
  const batch = new Float32Array(n * pixels);
  images.forEach((image, i) => {
    if (image.length !== pixels) throw new RangeError(`reference image ${i} has ${image.length} values, expected ${size}x${size}x3 = ${pixels}`);
    batch.set(image, i * pixels);
  });
  const input = tf.tensor4d(batch, [n, size, size, 3]);
  const tensors: tf.Tensor[] = [input];
  try {
    const prediction: Prediction = model.predict(input, maskSeed);
    tensors.push(...Object.values(prediction));
    const read = (tensor: tf.Tensor): Float32Array => Float32Array.from(tensor.dataSync() as Float32Array);
    const attention = read(prediction.attention);
    const perImage = attention.length / n;
    return {
      inputs: [{ name: 'image', type: 'float32', data: toNchw(images, size), dims: [n, 3, size, size] }],
      outputs: [
        { name: 'attention', type: 'float32', data: attention, dims: [n, perImage] },
        { name: 'vit_logit', type: 'float32', data: read(prediction.vitLogit), dims: [n] },
        { name: 'cnn_logit', type: 'float32', data: read(prediction.cnnLogit), dims: [n] },
        { name: 'mask', type: 'float32', data: read(prediction.mask), dims: [n, perImage] },
        { name: 'logit', type: 'float32', data: read(prediction.logit), dims: [n] },
        { name: 'prob', type: 'float32', data: read(prediction.prob), dims: [n] },
      ],
    };
  } finally {
    tf.dispose(tensors);
  }
}
