import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDeepfakeBenchManifest } from '../../../../src/training/data/deepfakebench-manifest.ts';
import { fixturePath, temporaryFolder } from './fixture-paths.ts';

describe('DeepfakeBench manifest', () => {
  let folder: Awaited<ReturnType<typeof temporaryFolder>>;
  beforeAll(async () => {
    folder = await temporaryFolder();
  });
  afterAll(() => folder.remove());
  const writeJson = async (name: string, json: unknown) => {
    await writeFile(join(folder.path, name), JSON.stringify(json));
    return join(folder.path, name);
  };

  it('reads the FaceForensics++ sample: labels, types, splits, compression and videos', async () => {
    const { samples, skipped } = await loadDeepfakeBenchManifest(fixturePath('deepfakebench-sample', 'FaceForensics++.json'));
    expect(skipped).toEqual([]);
    expect(samples).toHaveLength(14);
    const count = (keep: (s: (typeof samples)[number]) => boolean) => samples.filter(keep).length;
    expect(count((s) => s.label === 0 && s.type === 'real')).toBe(6);
    expect(count((s) => s.label === 1 && s.type === 'FF-DF')).toBe(4);
    expect(count((s) => s.label === 1 && s.type === 'FF-F2F')).toBe(4);
    expect(count((s) => s.split === 'train')).toBe(8);
    expect(count((s) => s.split === 'test')).toBe(6);
    expect(samples.every((s) => s.compression === 'c23')).toBe(true);
    expect(new Set(samples.map((s) => s.video)).size).toBe(7);
    const first = samples[0]!;
    expect(first).toEqual({
      path: fixturePath('deepfakebench-sample', 'FaceForensics++/original_sequences/youtube/c23/frames/000/000.jpg'),
      label: 0,
      type: 'real',
      video: 'FaceForensics++/FF-real/train/c23/000',
      split: 'train',
      compression: 'c23',
      origin: 'FaceForensics++.json FaceForensics++/FF-real/train/c23/000 frames[0]',
    });
    // The same video name under two manipulations is two videos.
    expect(samples.filter((s) => s.video.endsWith('/000_003')).map((s) => s.video)).toEqual([
      'FaceForensics++/FF-DF/train/c23/000_003',
      'FaceForensics++/FF-DF/train/c23/000_003',
      'FaceForensics++/FF-F2F/train/c23/000_003',
      'FaceForensics++/FF-F2F/train/c23/000_003',
    ]);
  });

  it('reads a dataset without a compression level (Celeb-DF style)', async () => {
    const { samples } = await loadDeepfakeBenchManifest(fixturePath('deepfakebench-sample', 'Celeb-DF-v2.json'));
    expect(samples.map((s) => [s.label, s.type, s.split, s.compression, s.video])).toEqual([
      [0, 'real', 'test', undefined, 'Celeb-DF-v2/Celeb-real/test/id0_0000'],
      [0, 'real', 'test', undefined, 'Celeb-DF-v2/Celeb-real/test/id0_0000'],
      [1, 'Celeb-synthesis', 'test', undefined, 'Celeb-DF-v2/Celeb-synthesis/test/id0_id1_0000'],
      [1, 'Celeb-synthesis', 'test', undefined, 'Celeb-DF-v2/Celeb-synthesis/test/id0_id1_0000'],
    ]);
  });

  it('keeps absolute frame paths and resolves relative ones against imageRoot', async () => {
    const file = await writeJson('abs.json', { D: { 'D-real': { test: { v: { label: 'D-real', frames: ['/elsewhere/0.png', 'rel/1.png'] } } } } });
    const { samples } = await loadDeepfakeBenchManifest(file);
    expect(samples.map((s) => s.path)).toEqual(['/elsewhere/0.png', join(folder.path, 'rel/1.png')]);
    const rooted = await loadDeepfakeBenchManifest(file, { imageRoot: '/data/rgb' });
    expect(rooted.samples.map((s) => s.path)).toEqual(['/elsewhere/0.png', '/data/rgb/rel/1.png']);
  });

  it('a bad video label names the file, the video and the frame; skipBad skips and lists it', async () => {
    const file = await writeJson('bad.json', {
      D: { 'D-fake': { train: { c23: { good: { label: 'D-fake', frames: ['a.png'] }, bad: { label: 1, frames: ['b.png', 'c.png'] } } } } },
    });
    await expect(loadDeepfakeBenchManifest(file)).rejects.toThrow(/bad.json D\/D-fake\/train\/c23\/bad frames\[0\]: .*b.png: the video's label must be a label name such as "FF-DF", found number 1/);
    const { samples, skipped } = await loadDeepfakeBenchManifest(file, { skipBad: true });
    expect(samples.map((s) => s.path)).toEqual([join(folder.path, 'a.png')]);
    expect(skipped.map((s) => s.origin)).toEqual(['bad.json D/D-fake/train/c23/bad frames[0]', 'bad.json D/D-fake/train/c23/bad frames[1]']);
  });

  it('refuses unknown splits and malformed structure, naming where', async () => {
    await expect(loadDeepfakeBenchManifest(await writeJson('split.json', { D: { 'D-real': { training: {} } } }))).rejects.toThrow(
      /split.json: D\/D-real\/training: the split must be one of train, val, test, found "training"/,
    );
    await expect(loadDeepfakeBenchManifest(await writeJson('list.json', []))).rejects.toThrow(/list.json: expected \{dataset: .*found an array of 0/);
    await expect(loadDeepfakeBenchManifest(await writeJson('video.json', { D: { 'D-real': { test: { c23: { v: { label: 'D-real', frames: 'x.png' } } } } } }))).rejects.toThrow(
      /video.json D\/D-real\/test\/c23\/v: expected a video \{label, frames: \[...\]\}, found an object/,
    );
    await writeFile(join(folder.path, 'broken.json'), '{"D": ');
    await expect(loadDeepfakeBenchManifest(join(folder.path, 'broken.json'))).rejects.toThrow(/broken.json: expected JSON/);
  });
});
