import { performance } from 'node:perf_hooks';
import { BatchLoader } from '../data/batch-loader.ts';
import { decodeImage } from '../data/decode-image.ts';
import { fitRule, type FitMode } from '../data/fit-rule.ts';
import { openDataset } from '../data/open-dataset.ts';

export interface LoaderBenchmarkOptions {
  dataset: string;
  imageSize: number;
  batchSize: number;
  /** Batches timed after one warm-up batch. */
  batches: number;
  prefetch?: number;
  fit?: FitMode;
}

export interface LoaderBenchmarkResult {
  images: number;
  imagesPerSecond: number;
  msPerBatch: number;
  /** Main-thread time per batch spent resampling (fitRule): the part that competes with training. */
  resizeMsPerBatch: number;
  /** Decode time per image on one thread, measured one image at a time. */
  decodeMsPerImage: number;
}

/** Measures the loader as training uses it: `stream` with prefetch, consumed as fast as it produces. */
export async function benchmarkLoader(options: LoaderBenchmarkOptions): Promise<LoaderBenchmarkResult> {
  if (!Number.isSafeInteger(options.batches) || options.batches < 1) {
    throw new RangeError(`benchmarkLoader: batches must be an integer >= 1, found ${options.batches}`);
  }
  const { samples } = await openDataset(options.dataset);
  const fit = options.fit ?? 'fill';
  // Probed before streaming, so that no prefetched decodes compete with it.
  const probe = samples.slice(0, Math.min(samples.length, options.batchSize));
  let decodeMs = 0;
  let resizeMs = 0;
  for (const sample of probe) {
    const decodeStart = performance.now();
    const image = await decodeImage(sample);
    const resizeStart = performance.now();
    fitRule(image, options.imageSize, fit);
    resizeMs += performance.now() - resizeStart;
    decodeMs += resizeStart - decodeStart;
  }

  const loader = new BatchLoader(samples, { imageSize: options.imageSize, batchSize: options.batchSize, seed: 0, prefetch: options.prefetch ?? 2, fit });
  const batches = loader.stream(0);
  await batches.next();
  const start = performance.now();
  for (let i = 0; i < options.batches; i++) await batches.next();
  const elapsed = performance.now() - start;
  await batches.return?.(undefined);
  const images = options.batches * options.batchSize;
  return {
    images,
    imagesPerSecond: (images / elapsed) * 1000,
    msPerBatch: elapsed / options.batches,
    resizeMsPerBatch: (resizeMs / probe.length) * options.batchSize,
    decodeMsPerImage: decodeMs / probe.length,
  };
}
