import { describe, expect, it } from 'vitest';
import { BatchLoader, type ImageBatch } from '../../../../src/training/data/batch-loader.ts';
import { BadSampleError } from '../../../../src/training/data/bad-sample-error.ts';
import { loadCsvManifest } from '../../../../src/training/data/csv-manifest.ts';
import type { Sample } from '../../../../src/training/data/sample.ts';
import { Rng } from '../../../../src/util/rng.ts';
import { fixturePath } from './fixture-paths.ts';

async function collect(batches: AsyncIterableIterator<ImageBatch>, count = Infinity): Promise<ImageBatch[]> {
  const taken: ImageBatch[] = [];
  for await (const batch of batches) {
    taken.push(batch);
    if (taken.length === count) break;
  }
  return taken;
}

// bad-images.csv: line 2 good, line 3 truncated.jpg, line 4 missing.jpg, line 5 good.
const badImages = async (): Promise<Sample[]> => (await loadCsvManifest(fixturePath('csv-sample', 'bad-images.csv'))).samples;
const options = { imageSize: 16, batchSize: 2, seed: 5 };

describe('bad images', () => {
  it('a truncated image fails with the file and the manifest row', async () => {
    const samples = await badImages();
    const error = await collect(new BatchLoader([samples[1]!], options).pass()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadSampleError);
    expect(error).toBeInstanceOf(RangeError);
    expect((error as Error).message).toMatch(/^bad-images.csv line 3: .*truncated.jpg: cannot decode the image: the JPEG is truncated \(no end-of-image marker\); decoder: .*premature end/i);
  });

  it('a missing image fails with the file and the manifest row', async () => {
    const samples = await badImages();
    await expect(collect(new BatchLoader([samples[2]!], options).stream(0), 1)).rejects.toThrow(
      /bad-images.csv line 4: .*missing.jpg: cannot decode the image: Input file is missing/,
    );
  });

  it('a file that is not an image fails the same way', async () => {
    const notImage: Sample = { path: fixturePath('csv-sample', 'list.csv'), label: 0, type: 'real', video: 'v', origin: 'test row 9' };
    await expect(collect(new BatchLoader([notImage], options).pass())).rejects.toThrow(/test row 9: .*list.csv: cannot decode the image: .*unsupported image format/);
  });

  it('with skipBad, pass() leaves bad images out and lists each once', async () => {
    const loader = new BatchLoader(await badImages(), { ...options, skipBad: true });
    const batches = await collect(loader.pass());
    expect(batches.map((b) => b.n)).toEqual([1, 1]);
    expect(batches.flatMap((b) => b.samples.map((s) => s.origin))).toEqual(['bad-images.csv line 2', 'bad-images.csv line 5']);
    expect(batches[0]!.images).toHaveLength(16 * 16 * 3);
    expect(loader.skipped.map((s) => s.origin)).toEqual(['bad-images.csv line 3', 'bad-images.csv line 4']);
    expect(loader.skipped[1]).toMatchObject({ path: fixturePath('csv-sample', 'images', 'missing.jpg'), reason: expect.stringMatching(/Input file is missing/) });
  });

  it('with skipBad, pass() leaves out a batch whose images all failed', async () => {
    const samples = await badImages();
    const batches = await collect(new BatchLoader(samples, { ...options, batchSize: 1, skipBad: true }).pass());
    expect(batches.map((b) => b.samples[0]!.origin)).toEqual(['bad-images.csv line 2', 'bad-images.csv line 5']);
  });

  it('with skipBad, stream() fills a bad position with the next good sample in the order, and resumes identically', async () => {
    const samples = await badImages();
    const loader = new BatchLoader(samples, { ...options, skipBad: true });
    const batches = await collect(loader.stream(0), 6);
    const order = [0, 1, 2, 3].flatMap((pass) => new Rng([options.seed, 'pass', pass]).permutation(samples.length));
    const good = (position: number): number => ([1, 2].includes(order[position]!) ? good(position + 1) : order[position]!);
    batches.forEach((batch, i) => {
      expect(batch.n).toBe(2);
      expect(batch.samples).toEqual([samples[good(2 * i)], samples[good(2 * i + 1)]]);
    });
    expect(loader.skipped).toHaveLength(2);
    const resumed = await collect(new BatchLoader(samples, { ...options, skipBad: true }).stream(3), 3);
    resumed.forEach((batch, k) => {
      expect(batch.samples).toEqual(batches[3 + k]!.samples);
      expect(batch.images).toEqual(batches[3 + k]!.images);
    });
  });

  it('with skipBad and no good image at all, stream() says so instead of looping', async () => {
    const samples = await badImages();
    const loader = new BatchLoader([samples[1]!, samples[2]!], { ...options, skipBad: true });
    await expect(collect(loader.stream(0), 1)).rejects.toThrow(/none of the 2 images could be decoded/);
  });
});
