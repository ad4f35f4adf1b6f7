import * as tf from '@tensorflow/tfjs-core';
import { BatchNorm } from '../../../src/training/modules/batch-norm.ts';
import type { Module } from '../../../src/training/modules/module.ts';
import type { LearningToMask } from '../../../src/training/model/learning-to-mask.ts';
import { Rng } from '../../../src/util/rng.ts';

/**
 * Makes a freshly initialised model behave like a trained one in inference mode. At initialisation every
 * BatchNorm's running variance is 1 while the real variance of its input is far smaller, so inference-mode
 * activations shrink layer by layer and the logits come out near 1e-5: a parity test at abs 1e-4 would then
 * pass whatever the graphs computed. Here gamma and beta get random values (so folding them is exercised),
 * then one training-mode pass of both backbones (where every BatchNorm lives) with momentum 0 sets every
 * running mean and variance to the statistics of `images`, as a long training run would have. The images
 * may be smaller than the model's input: per-channel statistics hardly depend on the resolution, and the
 * paper preset's backbones take minutes per full-size image on tfjs's cpu back end.
 */
export function makeTrainedLike(model: LearningToMask, images: tf.Tensor4D, seed: number): void {
  const rng = new Rng([seed, 'trained-like']);
  const norms = batchNorms(model);
  for (const bn of norms) {
    bn.gamma.assign(tf.tensor1d(Float32Array.from({ length: bn.channels }, () => rng.range(0.5, 1.5))));
    bn.beta.assign(tf.tensor1d(Float32Array.from({ length: bn.channels }, () => 0.2 * rng.normal())));
  }
  const writable = norms as unknown as Array<{ momentum: number }>;
  const momenta = writable.map((bn) => bn.momentum);
  for (const bn of writable) bn.momentum = 0;
  try {
    tf.tidy(() => {
      model.teacher.backbone.forward(images, true);
      model.student.backbone.forward(images, true);
    });
  } finally {
    writable.forEach((bn, i) => (bn.momentum = momenta[i]!));
  }
}

function batchNorms(module: Module): BatchNorm[] {
  const own = module instanceof BatchNorm ? [module] : [];
  return [...own, ...[...module.children.values()].flatMap(batchNorms)];
}
