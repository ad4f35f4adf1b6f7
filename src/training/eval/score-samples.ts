import * as tf from '@tensorflow/tfjs-core';
import type { BatchLoader } from '../data/batch-loader.ts';
import type { Sample } from '../data/sample.ts';
import type { LearningToMask } from '../model/learning-to-mask.ts';

/** One scored image, in the order the split lists them. */
export interface ScoredSample {
  readonly sample: Sample;
  /** Probability of fake from the deployed pipeline. */
  readonly prob: number;
}

/** A face kept for attention.png: the pixels the model saw and what it made of them. */
export interface InspectedFace extends ScoredSample {
  /** HWC RGB in [0, 1], imageSize x imageSize. */
  readonly pixels: Float32Array;
  /** The teacher's attention over the h*w feature positions. */
  readonly attention: Float32Array;
  /** The student's mask over the same positions, 0 = removed. */
  readonly mask: Float32Array;
}

export interface ScoringOptions {
  /** Samples whose pixels, attention and mask are kept for the attention grid. */
  inspect: ReadonlySet<Sample>;
  /** Called after every batch, so a device that silently computes garbage stops the evaluation (see BackendChoice). */
  checkDevice: (during: string) => void;
  onBatch?: (scored: number) => void;
}

/**
 * Scores one pass over the loader's samples with `predict` (running BatchNorm statistics, the deployed
 * mask). A score that is not finite fails, naming the
 * image, because every metric after it would be meaningless.
 */
export async function scoreSamples(model: LearningToMask, loader: BatchLoader, options: ScoringOptions): Promise<{ scored: ScoredSample[]; inspected: InspectedFace[] }> {
  const scored: ScoredSample[] = [];
  const inspected: InspectedFace[] = [];
  const positions = model.config.imageSize ** 2 * 3;
  for await (const batch of loader.pass()) {
    const images = tf.tensor4d(batch.images, [batch.n, batch.imageSize, batch.imageSize, 3]);
    const prediction = model.predict(images);
    let probs: Float32Array;
    let attention: Float32Array;
    let mask: Float32Array;
    try {
      [probs, attention, mask] = await Promise.all([prediction.prob.data<'float32'>(), prediction.attention.data<'float32'>(), prediction.mask.data<'float32'>()]);
    } finally {
      tf.dispose([images, ...Object.values(prediction)]);
    }
    options.checkDevice(`scoring images ${scored.length + 1}-${scored.length + batch.n}`);
    const cells = attention.length / batch.n;
    batch.samples.forEach((sample, i) => {
      const prob = probs[i]!;
      if (!Number.isFinite(prob)) throw new RangeError(`the model scored ${sample.path} (${sample.origin}) as ${prob}; its weights or BatchNorm statistics have diverged`);
      scored.push({ sample, prob });
      if (options.inspect.has(sample)) {
        inspected.push({
          sample,
          prob,
          pixels: batch.images.slice(i * positions, (i + 1) * positions),
          attention: attention.slice(i * cells, (i + 1) * cells),
          mask: mask.slice(i * cells, (i + 1) * cells),
        });
      }
    });
    options.onBatch?.(scored.length);
  }
  return { scored, inspected };
}
