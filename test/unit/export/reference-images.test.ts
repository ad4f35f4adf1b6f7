import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  defaultReferenceFiles,
  defaultReferenceFolder,
  listReferenceImages,
  loadReferenceImage,
  pickReferenceFiles,
} from '../../../src/export/reference-images.ts';
import { BatchLoader } from '../../../src/training/data/batch-loader.ts';
import type { Sample } from '../../../src/training/data/sample.ts';

describe('the reference faces', () => {
  it('are the eight shipped faces, in name order', async () => {
    const files = await listReferenceImages(defaultReferenceFolder);
    expect(files.map((file) => basename(file))).toEqual([
      '00-real-id0-raw.png', '01-swap-id0-c23.jpg', '02-real-id1-c23.jpg', '03-reenact-id1-c40.jpg',
      '04-texture-id2-c23.jpg', '05-real-id2-c40.jpg', '06-swap-id3-raw.png', '07-real-id3-c23.jpg',
    ]);
  });

  it('default to the first four for a dynamic batch, and to exactly N, cycling, for a fixed one', async () => {
    const all = await listReferenceImages(defaultReferenceFolder);
    expect(await defaultReferenceFiles('dynamic')).toEqual(all.slice(0, 4));
    expect(await defaultReferenceFiles(3)).toEqual(all.slice(0, 3));
    expect(await defaultReferenceFiles(10)).toEqual([...all, all[0], all[1]]);
    expect(pickReferenceFiles(['a.png'], 3)).toEqual(['a.png', 'a.png', 'a.png']);
    expect(() => pickReferenceFiles([], 'dynamic')).toThrow(new RangeError('no reference images given; expected at least one image file'));
  });

  it('are pre-processed to exactly the pixels the trainer\'s loader gives the model', async () => {
    const files = await listReferenceImages(defaultReferenceFolder);
    const size = 64;
    const samples: Sample[] = files.map((path, i) => ({ path, label: 0, type: 'real', video: `v${i}`, origin: `face ${i}` }));
    const loader = new BatchLoader(samples, { imageSize: size, batchSize: files.length, seed: 0 });
    const { value: batch } = await loader.pass().next();
    const ours = await Promise.all(files.map((file) => loadReferenceImage(file, size, 'fill')));
    expect(batch!.n).toBe(files.length);
    ours.forEach((image, i) => {
      expect(image.length).toBe(size * size * 3);
      expect(Array.from(image)).toEqual(Array.from(batch!.images.subarray(i * image.length, (i + 1) * image.length)));
    });
  });

  it('refuses a folder without images and a file that is not one, naming them', async () => {
    const folder = join(defaultReferenceFolder, '..', 'csv-sample');
    await expect(listReferenceImages(folder)).rejects.toThrow(new RangeError(`reference image folder ${folder} holds no .png, .jpg or .webp files`));
    const readme = join(defaultReferenceFolder, 'README.md');
    await expect(loadReferenceImage(readme, 32, 'fill')).rejects.toThrow(new RegExp(`^reference image ${readme.replace(/[.]/g, '\\.')} cannot be decoded: `));
  });
});
