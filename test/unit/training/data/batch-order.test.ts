import { describe, expect, it } from 'vitest';
import { BatchLoader, type ImageBatch } from '../../../../src/training/data/batch-loader.ts';
import { loadCsvManifest } from '../../../../src/training/data/csv-manifest.ts';
import type { Sample } from '../../../../src/training/data/sample.ts';
import { Rng } from '../../../../src/util/rng.ts';
import { fixturePath } from './fixture-paths.ts';

async function take(batches: AsyncIterableIterator<ImageBatch>, count: number): Promise<ImageBatch[]> {
  const taken: ImageBatch[] = [];
  for await (const batch of batches) {
    taken.push(batch);
    if (taken.length === count) break;
  }
  return taken;
}

const origins = (batch: ImageBatch) => batch.samples.map((s) => s.origin);

describe('batch order', () => {
  let samples: Sample[];
  const load = async () => (samples ??= (await loadCsvManifest(fixturePath('csv-sample', 'list.csv'))).samples);

  it('stream batch i is positions [iB, (i+1)B) of the concatenated per-pass permutations', async () => {
    await load();
    const seed = 41;
    // 7 samples, batches of 3: batch 2 straddles passes 0 and 1, batch 4 passes 1 and 2.
    const order = [0, 1, 2].flatMap((pass) => new Rng([seed, 'pass', pass]).permutation(samples.length));
    const batches = await take(new BatchLoader(samples, { imageSize: 16, batchSize: 3, seed }).stream(0), 6);
    batches.forEach((batch, i) => {
      expect(batch.n).toBe(3);
      expect(origins(batch)).toEqual(order.slice(i * 3, i * 3 + 3).map((index) => samples[index]!.origin));
      expect(Array.from(batch.labels)).toEqual(batch.samples.map((s) => s.label));
    });
    // Every pass visits every sample once.
    expect(new Set(order.slice(0, 7)).size).toBe(7);
  });

  it('stream(s) gives exactly the batches stream(0) gave from step s on', async () => {
    await load();
    const options = { imageSize: 24, batchSize: 3, seed: 7 };
    const fromStart = await take(new BatchLoader(samples, options).stream(0), 7);
    const resumed = await take(new BatchLoader(samples, options).stream(4), 3);
    resumed.forEach((batch, k) => {
      expect(origins(batch)).toEqual(origins(fromStart[4 + k]!));
      expect(batch.images).toEqual(fromStart[4 + k]!.images);
    });
  });

  it('the seed fixes the order: the same seed repeats it, another seed changes it', async () => {
    await load();
    const run = async (seed: number) => (await take(new BatchLoader(samples, { imageSize: 8, batchSize: 7, seed }).stream(0), 2)).map(origins).flat();
    expect(await run(3)).toEqual(await run(3));
    expect(await run(3)).not.toEqual(await run(4));
  });

  it('pass() visits the samples once in their order; the last batch is short', async () => {
    await load();
    const batches = await take(new BatchLoader(samples, { imageSize: 8, batchSize: 3, seed: 0 }).pass(), 10);
    expect(batches.map((b) => b.n)).toEqual([3, 3, 1]);
    expect(batches.flatMap(origins)).toEqual(samples.map((s) => s.origin));
    expect(batches[2]!.images).toHaveLength(8 * 8 * 3);
  });

  it('refuses bad options, naming the option', async () => {
    await load();
    const make = (options: Record<string, unknown>) => () => new BatchLoader(samples, { imageSize: 8, batchSize: 2, seed: 0, ...options } as never);
    expect(make({ imageSize: 0 })).toThrow(/imageSize must be an integer >= 1, found 0/);
    expect(make({ batchSize: 1.5 })).toThrow(/batchSize must be an integer >= 1, found 1.5/);
    expect(make({ seed: '1' })).toThrow(TypeError);
    expect(make({ prefetch: 0 })).toThrow(/prefetch must be an integer >= 1, found 0/);
    expect(make({ fit: 'crop' })).toThrow(/fit must be "fill" or "cover", found "crop"/);
    expect(() => new BatchLoader([], { imageSize: 8, batchSize: 2, seed: 0 })).toThrow(/samples must be a non-empty array/);
    expect(() => new BatchLoader(samples, { imageSize: 8, batchSize: 2, seed: 0 }).stream(-1)).toThrow(/startStep must be an integer >= 0, found -1/);
  });
});
