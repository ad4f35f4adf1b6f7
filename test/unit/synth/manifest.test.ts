import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DeepfakeBenchManifest } from '../../../src/synth/manifest.ts';
import { readSynthManifest } from '../../../src/synth/read-manifest.ts';
import { fixtureRoot, listFiles } from './synth-files.ts';

describe('manifest.json and deepfakebench.json of fixtures/synth-tiny', () => {
  it('list every image file once, and every listed path exists', async () => {
    const manifest = await readSynthManifest(fixtureRoot);
    const images = (await listFiles(fixtureRoot)).filter((path) => /\.(png|jpg)$/.test(path));
    expect(manifest.items.map((item) => item.path).sort()).toEqual(images);
    const { identities, videos, frames, families, compressions } = manifest.generator;
    expect(manifest.items).toHaveLength(identities * videos * frames * (1 + families.length) * compressions.length);
    for (const item of manifest.items) {
      expect(item.path).toBe(`${item.video}/f${String(item.frame).padStart(3, '0')}.${item.compression === 'raw' ? 'png' : 'jpg'}`);
      expect(item.video).toBe(`${item.compression}/${item.type}/${item.identity}_v${item.video.split('_v')[1]}`);
    }
  });

  it('label fakes 1 and reals 0, and point each fake at its own real frame', async () => {
    const manifest = await readSynthManifest(fixtureRoot);
    const byPath = new Map(manifest.items.map((item) => [item.path, item]));
    for (const item of manifest.items) {
      expect(item.label).toBe(item.type === 'real' ? 0 : 1);
      if (item.type === 'real') {
        expect(item.source).toBeUndefined();
        continue;
      }
      const source = byPath.get(item.source!)!;
      expect(source).toMatchObject({ type: 'real', identity: item.identity, frame: item.frame, compression: item.compression, split: item.split });
      await access(join(fixtureRoot, item.source!));
    }
  });

  it('split by identity: disjoint splits, every item in its identity\'s split', async () => {
    const manifest = await readSynthManifest(fixtureRoot);
    const { train, val, test } = manifest.splits;
    expect(train.length).toBeGreaterThan(0);
    expect(val.length).toBeGreaterThan(0);
    expect(test.length).toBeGreaterThan(0);
    expect(new Set([...train, ...val, ...test]).size).toBe(train.length + val.length + test.length);
    for (const item of manifest.items) expect(manifest.splits[item.split]).toContain(item.identity);
  });

  it('deepfakebench.json holds the same frames, labels, splits and compressions', async () => {
    const manifest = await readSynthManifest(fixtureRoot);
    const bench = JSON.parse(await readFile(join(fixtureRoot, 'deepfakebench.json'), 'utf8')) as DeepfakeBenchManifest;
    expect(Object.keys(bench)).toEqual(['FTD-Synth']);
    const listed: string[] = [];
    for (const [label, splits] of Object.entries(bench['FTD-Synth']!)) {
      for (const [split, compressions] of Object.entries(splits)) {
        for (const [compression, videos] of Object.entries(compressions)) {
          for (const [video, entry] of Object.entries(videos)) {
            expect(entry.label).toBe(label);
            for (const frame of entry.frames) {
              const item = manifest.items.find((candidate) => candidate.path === frame)!;
              expect(item).toMatchObject({ split, compression, video });
              // DeepfakeBench's rule: a label naming "real" is 0, any other is 1.
              expect(/real/i.test(label) ? 0 : 1).toBe(item.label);
              expect(label).toBe(`FTD-Synth_${item.type}`);
              listed.push(frame);
            }
          }
        }
      }
    }
    expect(listed.sort()).toEqual(manifest.items.map((item) => item.path).sort());
  });

  it('readSynthManifest names the file and field it rejects', async () => {
    await expect(readSynthManifest(join(fixtureRoot, 'raw'))).rejects.toThrow(/manifest.json: cannot read/);
  });
});
