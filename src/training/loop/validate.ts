import * as tf from '@tensorflow/tfjs-core';
import type { ValidationSummary } from '../checkpoint/run-record.ts';
import type { BatchLoader } from '../data/batch-loader.ts';
import type { LearningToMask } from '../model/learning-to-mask.ts';
import { accuracy } from '../metrics/accuracy.ts';
import { auc } from '../metrics/auc.ts';
import { videoAuc } from '../metrics/video-scores.ts';

/**
 * Scores one pass over the validation split with the deployed pipeline (running statistics, teacher
 * attention -> mask -> student) and returns frame and video AUC. A split with one class has no AUC
 * (null), which is reported rather than failing the run.
 */
export async function validate(model: LearningToMask, loader: BatchLoader): Promise<ValidationSummary> {
  const scores: number[] = [];
  const labels: number[] = [];
  const videos: string[] = [];
  for await (const batch of loader.pass()) {
    const images = tf.tensor4d(batch.images, [batch.n, batch.imageSize, batch.imageSize, 3]);
    const outputs = model.predict(images);
    try {
      scores.push(...(await outputs.prob.data()));
    } finally {
      tf.dispose([images, ...Object.values(outputs)]);
    }
    labels.push(...batch.labels);
    videos.push(...batch.samples.map((sample) => sample.video));
  }
  const bad = scores.findIndex((score) => !Number.isFinite(score));
  if (bad >= 0) throw new NonFiniteScoreError(videos[bad]!, scores[bad]!);
  const bothClasses = labels.includes(0) && labels.includes(1);
  return {
    samples: scores.length,
    videos: new Set(videos).size,
    frameAuc: bothClasses ? auc(scores, labels) : null,
    videoAuc: bothClasses ? videoAuc(scores, labels, videos) : null,
    accuracy: accuracy(scores, labels),
  };
}

/** The model scored a validation image NaN or infinite: its weights or running statistics have diverged. */
export class NonFiniteScoreError extends RangeError {
  override name = 'NonFiniteScoreError';
  constructor(readonly video: string, readonly score: number) {
    super(`validation scored a frame of video ${video} as ${score}`);
  }
}
