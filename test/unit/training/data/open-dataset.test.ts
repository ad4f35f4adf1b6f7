import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeDataset } from '../../../../src/training/data/describe-dataset.ts';
import { openDataset } from '../../../../src/training/data/open-dataset.ts';
import { fixturePath, temporaryFolder } from './fixture-paths.ts';

describe('openDataset', () => {
  let folder: Awaited<ReturnType<typeof temporaryFolder>>;
  let synthFolder: string;
  beforeAll(async () => {
    folder = await temporaryFolder();
    synthFolder = join(folder.path, 'synth');
    await mkdir(join(synthFolder, 'raw/real/id0000_v0'), { recursive: true });
    await copyFile(fixturePath('csv-sample/images/known.png'), join(synthFolder, 'raw/real/id0000_v0/f000.png'));
    const items = [{ path: 'raw/real/id0000_v0/f000.png', label: 0, type: 'real', compression: 'raw', identity: 'id0000', video: 'raw/real/id0000_v0', frame: 0, split: 'train' }];
    await writeFile(join(synthFolder, 'manifest.json'), JSON.stringify({ format: 'ftd-synth', version: 1, items }));
    await writeFile(join(synthFolder, 'deepfakebench.json'), JSON.stringify({ S: { S_real: { train: { c23: { v: { label: 'S_real', frames: ['raw/real/id0000_v0/f000.png', 'raw/real/id0000_v0/f000.png'] } } } } } }));
  });
  afterAll(() => folder.remove());

  it('detects each format from the path and says why', async () => {
    const cases: Array<[string, string, string, number]> = [
      [synthFolder, 'synth', 'the folder holds manifest.json', 1],
      [join(synthFolder, 'manifest.json'), 'synth', 'the JSON says format "ftd-synth"', 1],
      [fixturePath('csv-sample', 'list.csv'), 'csv', 'the file ends in .csv', 7],
      [fixturePath('deepfakebench-sample', 'FaceForensics++.json'), 'deepfakebench', 'the file ends in .json and is not an ftd-synth manifest', 14],
      [fixturePath('folders-sample'), 'folders', 'the folder holds split folders (train, test) holding real/ and fake/', 11],
    ];
    for (const [path, format, reason, count] of cases) {
      const dataset = await openDataset(path);
      expect([dataset.format, dataset.formatReason, dataset.samples.length]).toEqual([format, reason, count]);
    }
    expect((await openDataset(fixturePath('csv-sample', 'list.csv'))).root).toBe(fixturePath('csv-sample'));
  });

  it('reads the format it is told, taking a folder to its default manifest', async () => {
    const dataset = await openDataset(synthFolder, { format: 'deepfakebench' });
    expect(dataset.format).toBe('deepfakebench');
    expect(dataset.formatReason).toBe('format "deepfakebench" was asked for (reading deepfakebench.json in the folder)');
    expect(dataset.samples).toHaveLength(2);
    await expect(openDataset(synthFolder, { format: 'csv' })).rejects.toThrow(/format "csv" needs the .csv file, found a folder/);
    await expect(openDataset(synthFolder, { format: 'parquet' as never })).rejects.toThrow(/dataset format must be auto or one of synth, folders, csv, deepfakebench, found "parquet"/);
  });

  it('passes skipBad on and reports skipped rows', async () => {
    const dataset = await openDataset(fixturePath('csv-sample', 'bad-label.csv'), { skipBad: true });
    expect(dataset.samples).toHaveLength(2);
    expect(dataset.skipped.map((s) => s.origin)).toEqual(['bad-label.csv line 3']);
    expect(describeDataset(dataset)).toContain('skipped 1 bad rows:\n    bad-label.csv line 3: label must be 0, 1, real or fake, found "maybe"');
  });

  it('describes counts by label, type and split', async () => {
    const text = describeDataset(await openDataset(fixturePath('folders-sample')));
    expect(text).toContain('folders dataset at ');
    expect(text).toContain(': 11 images in 7 videos');
    expect(text).toContain('labels: real 5, fake 6');
    expect(text).toContain('types: real 5, reenact 2, swap 4');
    expect(text).toContain('splits: train 9, test 2');
  });

  it('explains an unrecognised path', async () => {
    await expect(openDataset(join(folder.path, 'nothing-here'))).rejects.toThrow(/no such file or folder/);
    await expect(openDataset(fixturePath('csv-sample'))).rejects.toThrow(/cannot tell the dataset format: expected manifest.json \(ftd synth\), real\/ and fake\/ folders/);
    await expect(openDataset(fixturePath('csv-sample', 'README.md'))).rejects.toThrow(/expected a .csv or .json manifest or a dataset folder, found a .md file/);
  });
});
