import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { BatchLoader, type ImageBatch } from '../../../../src/training/data/batch-loader.ts';
import { loadCsvManifest } from '../../../../src/training/data/csv-manifest.ts';
import { fixturePath } from './fixture-paths.ts';

async function onlyBatch(loader: BatchLoader): Promise<ImageBatch> {
  const batches: ImageBatch[] = [];
  for await (const batch of loader.pass()) batches.push(batch);
  expect(batches).toHaveLength(1);
  return batches[0]!;
}

/** The RGB triple at (x, y) of image n in an NHWC batch. */
function pixel(batch: ImageBatch, n: number, x: number, y: number): number[] {
  const offset = ((n * batch.imageSize + y) * batch.imageSize + x) * 3;
  return Array.from(batch.images.subarray(offset, offset + 3));
}

const f32 = (...values: number[]) => values.map((v) => Math.fround(v / 255));

describe('batch pixels', () => {
  it('decodes to NHWC float32 RGB in [0, 1]: pixel / 255, alpha dropped, greyscale expanded, 16:9 stretched', async () => {
    const { samples } = await loadCsvManifest(fixturePath('csv-sample', 'pixels.csv'));
    const batch = await onlyBatch(new BatchLoader(samples, { imageSize: 64, batchSize: 4, seed: 0 }));
    expect(batch.n).toBe(4);
    expect(batch.imageSize).toBe(64);
    expect(batch.images).toBeInstanceOf(Float32Array);
    expect(batch.images).toHaveLength(4 * 64 * 64 * 3);
    expect(Array.from(batch.labels)).toEqual([0, 0, 1, 1]);
    expect(batch.images.every((v) => v >= 0 && v <= 1)).toBe(true);
    // known.png: (x, y) = (4x, 4y, 100).
    expect(pixel(batch, 0, 5, 7)).toEqual(f32(20, 28, 100));
    expect(pixel(batch, 0, 63, 0)).toEqual(f32(252, 0, 100));
    // grey.png: x + y in every channel.
    expect(pixel(batch, 1, 3, 10)).toEqual(f32(13, 13, 13));
    // rgba.png: colour (4x, 50, 200) whatever the alpha (4y), neither premultiplied nor flattened.
    expect(pixel(batch, 2, 2, 60)).toEqual(f32(8, 50, 200));
    expect(pixel(batch, 2, 2, 0)).toEqual(f32(8, 50, 200));
    // wide.png (96 x 64: red 0-15, green 16-79, blue 80-95) stretched to 64 x 64 by default.
    expect(pixel(batch, 3, 0, 30)).toEqual([1, 0, 0]);
    expect(pixel(batch, 3, 32, 30)).toEqual([0, 1, 0]);
    expect(pixel(batch, 3, 63, 30)).toEqual([0, 0, 1]);
  });

  it("'cover' crops the centred square first: the wide image's middle 64 columns are all green", async () => {
    const { samples } = await loadCsvManifest(fixturePath('csv-sample', 'pixels.csv'));
    const batch = await onlyBatch(new BatchLoader(samples.slice(3), { imageSize: 64, batchSize: 1, seed: 0, fit: 'cover' }));
    for (const x of [0, 1, 32, 62, 63]) expect(pixel(batch, 0, x, 30)).toEqual([0, 1, 0]);
  });

  it("JPEG values are sharp's decode / 255 when no resize is needed", async () => {
    const { samples } = await loadCsvManifest(fixturePath('csv-sample', 'list.csv'));
    const batch = await onlyBatch(new BatchLoader(samples.slice(0, 1), { imageSize: 64, batchSize: 1, seed: 0 }));
    const decoded = await sharp(samples[0]!.path).raw().toBuffer();
    expect(Array.from(batch.images)).toEqual(Array.from(decoded, (v) => Math.fround(v / 255)));
  });

  it('resizes to the model size', async () => {
    const { samples } = await loadCsvManifest(fixturePath('csv-sample', 'pixels.csv'));
    const batch = await onlyBatch(new BatchLoader(samples, { imageSize: 32, batchSize: 4, seed: 0 }));
    expect(batch.images).toHaveLength(4 * 32 * 32 * 3);
    // Halving averages 2x2 neighbourhoods (with the triangle filter's wider taps): green stays 100/255.
    expect(pixel(batch, 0, 10, 10)[2]).toBeCloseTo(100 / 255, 6);
    expect(pixel(batch, 0, 10, 10)[0]).toBeCloseTo((4 * 20.5) / 255, 6);
  });
});
