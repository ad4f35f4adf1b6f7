import { describe, expect, it } from 'vitest';
import { checkImages } from '../../../../src/training/data/check-images.ts';
import { loadCsvManifest } from '../../../../src/training/data/csv-manifest.ts';
import { inspectDataset } from '../../../../src/training/data/inspect-dataset.ts';
import { fixturePath } from './fixture-paths.ts';

describe('checking a dataset before training', () => {
  it('checkImages decodes every image, counting sizes and listing failures in sample order', async () => {
    const bad = (await loadCsvManifest(fixturePath('csv-sample', 'bad-images.csv'))).samples;
    const pixels = (await loadCsvManifest(fixturePath('csv-sample', 'pixels.csv'))).samples;
    const check = await checkImages([...bad, ...pixels], { concurrency: 3 });
    expect(check.bad.map((b) => b.origin)).toEqual(['bad-images.csv line 3', 'bad-images.csv line 4']);
    expect(check.bad[0]!.reason).toMatch(/^cannot decode the image: the JPEG is truncated \(no end-of-image marker\); decoder: /);
    expect(check.bad[1]!.reason).toMatch(/Input file is missing/);
    expect(Object.fromEntries(check.sizes)).toEqual({ '64x64': 5, '96x64': 1 });
    await expect(checkImages(bad, { concurrency: 0 })).rejects.toThrow(/concurrency must be an integer >= 1, found 0/);
  });

  it('inspectDataset reports the format, counts and bad images, and counts the problems', async () => {
    const clean = await inspectDataset(fixturePath('folders-sample'), { checkImages: true });
    expect(clean.problems).toBe(0);
    expect(clean.report).toContain('decoded sizes: 64x64 11\n  every image decodes');
    const broken = await inspectDataset(fixturePath('csv-sample', 'bad-images.csv'), { checkImages: true });
    expect(broken.problems).toBe(2);
    expect(broken.report).toMatch(/2 images do not decode:\n {4}bad-images.csv line 3: .*truncated.jpg: cannot decode the image/);
    const rows = await inspectDataset(fixturePath('csv-sample', 'bad-label.csv'), { skipBad: true });
    expect(rows.problems).toBe(1);
  });
});
