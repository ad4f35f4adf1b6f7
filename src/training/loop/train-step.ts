import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../../util/rng.ts';
import type { LossSummary } from '../checkpoint/run-record.ts';
import type { ImageBatch } from '../data/batch-loader.ts';
import type { LearningToMask } from '../model/learning-to-mask.ts';
import type { SgdMomentum } from './sgd-momentum.ts';

/** The parts in the order a non-finite one is reported: the first that broke, before the sum it broke. */
const partNames = ['teacherCnn', 'teacherVit', 'diversity', 'student', 'total'] as const;

/** A loss came out NaN or infinite; the step's update was not applied. */
export class NonFiniteLossError extends RangeError {
  override name = 'NonFiniteLossError';
  constructor(
    /** 1-based, as the progress display counts. */
    readonly step: number,
    readonly part: keyof LossSummary,
    readonly loss: LossSummary,
  ) {
    super(`step ${step}: the ${part} loss is ${loss[part]}`);
  }
}

/**
 * One SGD step on one batch: forward with batch statistics, gradients of the total loss, then the update,
 * which is skipped if any loss part is not finite (so the weights stay those of the last good step).
 * Returns the loss parts, read back in one transfer.
 */
export async function trainStep(
  model: LearningToMask,
  optimizer: SgdMomentum,
  batch: ImageBatch,
  rng: Rng,
  learningRate: number,
  stepNumber: number,
): Promise<LossSummary> {
  const images = tf.tensor4d(batch.images, [batch.n, batch.imageSize, batch.imageSize, 3]);
  const labels = tf.tensor1d(batch.labels);
  let parts: tf.Tensor1D | undefined;
  const { value, grads } = tf.variableGrads(() => {
    const { total, parts: named } = model.loss(images, labels, rng);
    // Kept past variableGrads's scope so the numbers can be read without a second forward pass.
    parts = tf.keep(tf.stack([named.teacherCnn, named.teacherVit, named.diversity, named.student, total]) as tf.Tensor1D);
    return total;
  }, optimizer.variables);
  try {
    const values = await parts!.data();
    const loss = Object.fromEntries(partNames.map((name, i) => [name, values[i]!])) as unknown as LossSummary;
    const broken = partNames.find((name) => !Number.isFinite(loss[name]));
    if (broken) throw new NonFiniteLossError(stepNumber, broken, loss);
    optimizer.step(grads, learningRate);
    return loss;
  } finally {
    tf.dispose([images, labels, value, parts!, ...Object.values(grads)]);
  }
}
