import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calibrateSynth, formatCalibrationMatrix } from '../../../src/synth/calibrate.ts';
import { fixtureRoot } from './synth-files.ts';

let parent: string;
beforeAll(async () => {
  parent = await mkdtemp(join(tmpdir(), 'ftd-calibrate-test-'));
});
afterAll(async () => {
  await rm(parent, { recursive: true, force: true });
});

describe('calibrateSynth on fixtures/synth-tiny', () => {
  it('fills a trained-on x tested-on AUC matrix, writes it as JSON and prints it as markdown', async () => {
    const out = join(parent, 'matrix.json');
    const { result, path } = await calibrateSynth({ data: fixtureRoot, compression: 'raw', out });
    expect(path).toBe(out);
    expect(result.families).toEqual(['swap', 'reenact', 'graphic', 'texture']);
    for (const trained of result.families) {
      for (const tested of result.families) {
        const value = result.auc[trained]![tested]!;
        expect(value).toBeGreaterThanOrEqual(0);
        expect(value).toBeLessThanOrEqual(1);
      }
    }
    // The tiny fixture's test split is one identity, 2 real + 2 fake frames per family: too few to rank
    // everything, but texture's checkerboard is far outside what real frames show.
    expect(result.auc.texture!.texture).toBe(1);
    expect(JSON.parse(await readFile(out, 'utf8'))).toEqual(result);
    const markdown = formatCalibrationMatrix(result).split('\n');
    expect(markdown[0]).toBe('| trained on \\ tested on (raw) | swap | reenact | graphic | texture |');
    expect(markdown[2]).toMatch(/^\| swap \| \d\.\d{3} \| \d\.\d{3} \| \d\.\d{3} \| \d\.\d{3} \|$/);
    expect(markdown[5]).toMatch(/^\| texture \| \d\.\d{3} \| \d\.\d{3} \| \d\.\d{3} \| 1\.000 \|$/);
    expect(markdown).toHaveLength(7);
  });

  it('names the flag when the compression is unknown or absent from the dataset', async () => {
    await expect(calibrateSynth({ data: fixtureRoot, compression: 'c99' })).rejects.toThrow(/--compression must be one of raw, c23, c40; found "c99"/);
    await expect(calibrateSynth({ data: fixtureRoot, compression: 'c40' })).rejects.toThrow(/--compression c40: .*manifest.json holds only raw, c23/);
  });
});
