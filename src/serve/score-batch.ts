import type { ServedModel } from './served-model.ts';

/** One image ready for a session: pre-processed for, and to be scored by, the model the request leased. */
export interface PreparedImage {
  readonly model: ServedModel;
  /** [3, S, S] in [0, 1], S the model's input size. */
  readonly pixels: Float32Array;
}

export interface ImageScore {
  readonly model: ServedModel;
  /** Probability that the image is fake. */
  readonly prob: number;
  /** The teacher's attention over the h*w feature positions. */
  readonly attention: Float32Array;
  /** The mask the student saw (0 = masked out). */
  readonly mask: Float32Array;
}

/**
 * Scores one micro-batch. Its images normally share one model; across a swap they may not, and each group then
 * runs on its own model, one detector call per group.
 */
export async function scoreBatch(items: readonly PreparedImage[]): Promise<ImageScore[]> {
  const scores = new Array<ImageScore>(items.length);
  const groups = new Map<ServedModel, number[]>();
  items.forEach((item, i) => {
    const group = groups.get(item.model);
    if (group) group.push(i);
    else groups.set(item.model, [i]);
  });
  for (const [model, indices] of groups) {
    const { detector } = model;
    const imageLength = indices.length > 0 ? items[indices[0]!]!.pixels.length : 0;
    const batch = new Float32Array(indices.length * imageLength);
    indices.forEach((index, row) => batch.set(items[index]!.pixels, row * imageLength));
    const detection = await detector.detect(batch, indices.length);
    const { h, w } = detector.manifest.featureGrid;
    const positions = h * w;
    indices.forEach((index, row) => {
      scores[index] = {
        model,
        prob: detection.prob[row]!,
        attention: detection.attention.slice(row * positions, (row + 1) * positions),
        mask: detection.mask.slice(row * positions, (row + 1) * positions),
      };
    });
  }
  return scores;
}
