import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCsvManifest } from '../../../../src/training/data/csv-manifest.ts';
import { fixturePath, temporaryFolder } from './fixture-paths.ts';

describe('CSV manifest', () => {
  let folder: Awaited<ReturnType<typeof temporaryFolder>>;
  beforeAll(async () => {
    folder = await temporaryFolder();
  });
  afterAll(() => folder.remove());
  const writeCsv = async (name: string, text: string) => {
    await writeFile(join(folder.path, name), text);
    return join(folder.path, name);
  };

  it('reads every column of list.csv, paths relative to the CSV', async () => {
    const { samples, skipped } = await loadCsvManifest(fixturePath('csv-sample', 'list.csv'));
    expect(skipped).toEqual([]);
    expect(samples).toHaveLength(7);
    expect(samples.map((s) => s.label)).toEqual([0, 0, 0, 1, 1, 1, 0]);
    expect(samples.map((s) => s.type)).toEqual(['real', 'real', 'real', 'swap', 'swap', 'reenact', 'real']);
    expect(samples.map((s) => s.split)).toEqual(['train', 'train', 'test', 'train', 'train', 'test', 'val']);
    expect(new Set(samples.map((s) => s.video))).toEqual(new Set(['a_v1', 'b_v1', 'swap_a', 'reenact_b', 'c_v1']));
    expect(samples[6]!.path).toBe(fixturePath('csv-sample', 'images', 'c, with comma.jpg'));
    expect(samples[3]!.origin).toBe('list.csv line 5');
    expect(samples[0]!.compression).toBeUndefined();
  });

  it('defaults: each image its own video, fakes of type "fake", no split', async () => {
    const { samples } = await loadCsvManifest(await writeCsv('minimal.csv', 'label,path\n1,img/x.jpg\nreal,/abs/y.png\n'));
    expect(samples).toEqual([
      { path: join(folder.path, 'img/x.jpg'), label: 1, type: 'fake', video: 'img/x.jpg', origin: 'minimal.csv line 2' },
      { path: '/abs/y.png', label: 0, type: 'real', video: '/abs/y.png', origin: 'minimal.csv line 3' },
    ]);
  });

  it('resolves relative paths against imageRoot when given', async () => {
    const { samples } = await loadCsvManifest(await writeCsv('rooted.csv', 'path,label,compression\nx.jpg,0,c40\n'), { imageRoot: '/data/frames' });
    expect(samples[0]).toMatchObject({ path: '/data/frames/x.jpg', compression: 'c40' });
  });

  it('a bad label names the file, the line and the value', async () => {
    const file = fixturePath('csv-sample', 'bad-label.csv');
    await expect(loadCsvManifest(file)).rejects.toThrow(RangeError);
    await expect(loadCsvManifest(file)).rejects.toThrow(/bad-label.csv line 3: .*swap_a_f000.jpg: label must be 0, 1, real or fake, found "maybe"/);
  });

  it('with skipBad, bad rows are left out and listed', async () => {
    const { samples, skipped } = await loadCsvManifest(fixturePath('csv-sample', 'bad-label.csv'), { skipBad: true });
    expect(samples.map((s) => s.origin)).toEqual(['bad-label.csv line 2', 'bad-label.csv line 4']);
    expect(skipped).toEqual([
      { path: fixturePath('csv-sample', 'images', 'swap_a_f000.jpg'), origin: 'bad-label.csv line 3', reason: 'label must be 0, 1, real or fake, found "maybe"' },
    ]);
  });

  it('refuses a missing header, unknown or repeated columns, and rows of the wrong width', async () => {
    await expect(loadCsvManifest(await writeCsv('no-header.csv', 'a.jpg,1\n'))).rejects.toThrow(/no-header.csv line 1: column 1 is "a.jpg"; expected a header/);
    await expect(loadCsvManifest(await writeCsv('typo.csv', 'path,lable\na.jpg,1\n'))).rejects.toThrow(/column 2 is "lable"/);
    await expect(loadCsvManifest(await writeCsv('no-label.csv', 'path,video\na.jpg,v\n'))).rejects.toThrow(/must name a "label" column/);
    await expect(loadCsvManifest(await writeCsv('twice.csv', 'path,label,path\n'))).rejects.toThrow(/column "path" appears twice/);
    await expect(loadCsvManifest(await writeCsv('empty.csv', ''))).rejects.toThrow(/expected a header row/);
    await expect(loadCsvManifest(await writeCsv('width.csv', 'path,label\na.jpg,1,extra\n'))).rejects.toThrow(/width.csv line 2: .*expected 2 fields as in the header, found 3/);
  });

  it('refuses a bad split, an empty path and a type that contradicts the label', async () => {
    await expect(loadCsvManifest(await writeCsv('split.csv', 'path,label,split\na.jpg,1,training\n'))).rejects.toThrow(/split.csv line 2: .*split must be train, val or test \(or empty\), found "training"/);
    await expect(loadCsvManifest(await writeCsv('nopath.csv', 'path,label\n,1\n'))).rejects.toThrow(/nopath.csv line 2: \(no path\): path is empty/);
    await expect(loadCsvManifest(await writeCsv('contra.csv', 'path,label,type\na.jpg,0,swap\n'))).rejects.toThrow(/contra.csv line 2: .*label 0 contradicts type "swap"/);
  });
});
