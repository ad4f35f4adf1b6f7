import { BadSampleError } from './bad-sample-error.ts';
import { BatchOrder } from './batch-order.ts';
import { decodeImage } from './decode-image.ts';
import { fitRule, type FitMode } from './fit-rule.ts';
import { prefetched } from './prefetch.ts';
import type { Sample, SkippedSample } from './sample.ts';

export interface ImageBatch {
  /** NHWC [n, imageSize, imageSize, 3], RGB in [0, 1]. */
  images: Float32Array;
  /** 1 = fake, per image. */
  labels: Float32Array;
  /** The sample behind each image, in batch order (evaluation matches scores to videos through these). */
  samples: Sample[];
  n: number;
  imageSize: number;
}

export interface BatchLoaderOptions {
  imageSize: number;
  batchSize: number;
  /** Fixes the shuffled order of `stream`; see BatchOrder. */
  seed: number;
  /** Batches decoding ahead of the consumer (default 2). */
  prefetch?: number;
  /** Skip images that cannot be decoded (listed in `skipped`) instead of failing. */
  skipBad?: boolean;
  /** How non-square images become square; see fitRule (default 'fill'). */
  fit?: FitMode;
}

interface LoadedImage {
  sampleIndex: number;
  pixels: Float32Array;
}

/** Decodes samples into fixed-size batches: endless shuffled ones for training, one ordered pass for evaluation. */
export class BatchLoader {
  private readonly order: BatchOrder;
  /** Samples that failed to decode, by index. */
  private readonly knownBad = new Map<number, SkippedSample>();
  private readonly prefetch: number;
  private readonly fit: FitMode;

  constructor(
    private readonly samples: Sample[],
    private readonly options: BatchLoaderOptions,
  ) {
    if (!Array.isArray(samples) || samples.length === 0) throw new RangeError('BatchLoader: samples must be a non-empty array');
    requireInteger('imageSize', options.imageSize, 1);
    requireInteger('batchSize', options.batchSize, 1);
    requireInteger('seed', options.seed);
    this.prefetch = options.prefetch ?? 2;
    requireInteger('prefetch', this.prefetch, 1);
    this.fit = options.fit ?? 'fill';
    if (this.fit !== 'fill' && this.fit !== 'cover') throw new RangeError(`BatchLoader: fit must be "fill" or "cover", found "${String(this.fit)}"`);
    this.order = new BatchOrder(samples.length, options.seed);
  }

  /** Images that could not be decoded and were skipped (with skipBad), each listed once, in sample order. */
  get skipped(): ReadonlyArray<SkippedSample> {
    // Sorted by sample index, so the list does not depend on which decode finished first.
    return [...this.knownBad].sort((a, b) => a[0] - b[0]).map(([, skipped]) => skipped);
  }

  /**
   * Endless shuffled training batches from step `startStep` on. Batch i holds positions [i*B, (i+1)*B) of the
   * concatenated pass permutations, so it depends on (seed, i) only. Under skipBad a bad image's position is
   * filled by the next good sample in that order, which is fixed by the files, so batches stay full and
   * resuming still reproduces them.
   */
  stream(startStep = 0): AsyncIterableIterator<ImageBatch> {
    requireInteger('startStep', startStep, 0);
    const batchSize = this.options.batchSize;
    return prefetched(
      async (step) => {
        const first = step * batchSize;
        const positions = Array.from({ length: batchSize }, (_, k) => first + k);
        return this.assemble(await Promise.all(positions.map((position) => this.loadFrom(position))));
      },
      startStep,
      Infinity,
      this.prefetch,
    );
  }

  /**
   * One pass over the samples in their given order; the last batch may be short, and under skipBad so may
   * others (a batch whose images all failed is left out rather than yielded empty).
   */
  async *pass(): AsyncIterableIterator<ImageBatch> {
    const batchSize = this.options.batchSize;
    const batchCount = Math.ceil(this.samples.length / batchSize);
    const batches = prefetched(
      async (batch) => {
        const indices = Array.from({ length: Math.min(batchSize, this.samples.length - batch * batchSize) }, (_, k) => batch * batchSize + k);
        const loaded = await Promise.all(indices.map((index) => this.loadOrSkip(index)));
        return this.assemble(loaded.filter((image): image is LoadedImage => image !== undefined));
      },
      0,
      batchCount,
      this.prefetch,
    );
    for await (const batch of batches) if (batch.n > 0) yield batch;
  }

  /** The image at training position `position`, or under skipBad the next good one in the order. */
  private async loadFrom(position: number): Promise<LoadedImage> {
    for (let candidate = position; ; candidate++) {
      if (this.knownBad.size === this.samples.length) {
        throw new RangeError(`BatchLoader: none of the ${this.samples.length} images could be decoded; first: ${this.skipped[0]?.reason}`);
      }
      const image = await this.loadOrSkip(this.order.sampleAt(candidate));
      if (image !== undefined) return image;
    }
  }

  private async loadOrSkip(sampleIndex: number): Promise<LoadedImage | undefined> {
    if (this.knownBad.has(sampleIndex)) return undefined;
    const sample = this.samples[sampleIndex]!;
    try {
      const pixels = fitRule(await decodeImage(sample), this.options.imageSize, this.fit);
      return { sampleIndex, pixels };
    } catch (error) {
      if (!(error instanceof BadSampleError) || !this.options.skipBad) throw error;
      if (!this.knownBad.has(sampleIndex)) this.knownBad.set(sampleIndex, { path: error.path, origin: error.origin, reason: error.reason });
      return undefined;
    }
  }

  private assemble(loaded: LoadedImage[]): ImageBatch {
    const { imageSize } = this.options;
    const stride = imageSize * imageSize * 3;
    const images = new Float32Array(loaded.length * stride);
    const labels = new Float32Array(loaded.length);
    const samples = loaded.map(({ sampleIndex, pixels }, i) => {
      images.set(pixels, i * stride);
      labels[i] = this.samples[sampleIndex]!.label;
      return this.samples[sampleIndex]!;
    });
    return { images, labels, samples, n: loaded.length, imageSize };
  }
}

function requireInteger(field: string, value: unknown, minimum?: number): void {
  if (typeof value !== 'number') throw new TypeError(`BatchLoader: ${field} must be a number, found ${typeof value}`);
  if (!Number.isSafeInteger(value) || (minimum !== undefined && value < minimum)) {
    throw new RangeError(`BatchLoader: ${field} must be an integer${minimum === undefined ? '' : ` >= ${minimum}`}, found ${value}`);
  }
}
