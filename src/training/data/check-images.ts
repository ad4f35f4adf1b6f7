import { BadSampleError } from './bad-sample-error.ts';
import { decodeImage } from './decode-image.ts';
import type { Sample, SkippedSample } from './sample.ts';

export interface ImageCheck {
  /** Images that cannot be decoded, in sample order. */
  bad: SkippedSample[];
  /** How many images have each decoded size ('64x64'), to show whether training will resample. */
  sizes: Map<string, number>;
}

/**
 * Decodes every image once, `concurrency` at a time, so that a truncated file deep in a dataset is found
 * before a long run reaches it rather than hours into it.
 */
export async function checkImages(samples: readonly Sample[], options: { concurrency?: number } = {}): Promise<ImageCheck> {
  const concurrency = options.concurrency ?? 8;
  if (!Number.isSafeInteger(concurrency) || concurrency < 1) throw new RangeError(`checkImages: concurrency must be an integer >= 1, found ${concurrency}`);
  const outcomes: Array<SkippedSample | string> = new Array(samples.length);
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < samples.length; index = next++) {
      try {
        const image = await decodeImage(samples[index]!);
        outcomes[index] = `${image.width}x${image.height}`;
      } catch (error) {
        if (!(error instanceof BadSampleError)) throw error;
        outcomes[index] = { path: error.path, origin: error.origin, reason: error.reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, samples.length) }, worker));
  const check: ImageCheck = { bad: [], sizes: new Map() };
  for (const outcome of outcomes) {
    if (typeof outcome === 'string') check.sizes.set(outcome, (check.sizes.get(outcome) ?? 0) + 1);
    else check.bad.push(outcome);
  }
  return check;
}
