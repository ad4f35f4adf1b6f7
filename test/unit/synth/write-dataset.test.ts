import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSynthDataset } from '../../../src/synth/write-dataset.ts';
import { decodeRgb, hashTree, listFiles } from './synth-files.ts';

const small = { identities: 3, videos: 1, frames: 2, size: 32, compressions: 'raw,c23,c40' };
let parent: string;

beforeAll(async () => {
  parent = await mkdtemp(join(tmpdir(), 'ftd-synth-test-'));
});
afterAll(async () => {
  await rm(parent, { recursive: true, force: true });
});

describe('writeSynthDataset', () => {
  it('gives byte-identical trees for the same seed and different ones for another seed', async () => {
    const first = await writeSynthDataset({ ...small, out: join(parent, 'a'), seed: 5 });
    await writeSynthDataset({ ...small, out: join(parent, 'b'), seed: 5 });
    await writeSynthDataset({ ...small, out: join(parent, 'c'), seed: 6 });
    // 3 identities x 1 video x 2 frames x (real + 4 families) x 3 compressions.
    expect(first.images).toBe(90);
    expect(await listFiles(join(parent, 'a'))).toHaveLength(92);
    const [a, b, c] = await Promise.all(['a', 'b', 'c'].map((name) => hashTree(join(parent, name))));
    expect(b).toBe(a);
    expect(c).not.toBe(a);
    const [realA, realC] = await Promise.all(['a', 'c'].map((name) => decodeRgb(join(parent, name, 'raw/real/id0000_v0/f000.png'))));
    let differing = 0;
    for (let i = 0; i < realA.data.length; i++) if (realA.data[i] !== realC.data[i]) differing++;
    expect(differing / realA.data.length).toBeGreaterThan(0.5);
  });

  it('makes each frame the same whatever else is generated', async () => {
    await writeSynthDataset({ ...small, out: join(parent, 'more'), seed: 5, identities: 4, families: 'texture', compressions: 'raw' });
    const [alone, within] = await Promise.all([
      decodeRgb(join(parent, 'a', 'raw/texture/id0002_v0/f001.png')),
      decodeRgb(join(parent, 'more', 'raw/texture/id0002_v0/f001.png')),
    ]);
    expect(within.data).toEqual(alone.data);
  });

  it('refuses a non-empty --out unless forced, then replaces it whole', async () => {
    const out = join(parent, 'taken');
    await mkdir(out);
    await writeFile(join(out, 'keep.txt'), 'mine');
    await expect(writeSynthDataset({ ...small, out })).rejects.toThrow(/--out .*taken is not empty; .*--force/);
    expect(await readdir(out)).toEqual(['keep.txt']);
    await writeSynthDataset({ ...small, out, force: true, compressions: 'raw' });
    expect(await readdir(out)).not.toContain('keep.txt');
    expect(await readdir(out)).toEqual(expect.arrayContaining(['manifest.json', 'deepfakebench.json', 'raw']));
    const leftovers = (await readdir(parent)).filter((name) => name.includes('.partial') || name.includes('.old'));
    expect(leftovers).toEqual([]);
  });

  it('writes into an existing empty folder and reports a wrong-kind --out', async () => {
    const empty = join(parent, 'empty');
    await mkdir(empty);
    await writeSynthDataset({ ...small, out: empty, compressions: 'c40', families: 'swap' });
    expect((await listFiles(empty)).filter((path) => path.endsWith('.jpg'))).toHaveLength(12);
    await writeFile(join(parent, 'file'), '');
    await expect(writeSynthDataset({ ...small, out: join(parent, 'file') })).rejects.toThrow(TypeError);
  });

  it('writes a labelled preview: one row per identity, a column per type, tiles of at least 128 px', async () => {
    const out = join(parent, 'preview');
    await writeSynthDataset({ ...small, out, preview: true, compressions: 'raw' });
    const sheet = await decodeRgb(join(out, 'preview.png'));
    expect(sheet.width).toBe(5 * 128);
    expect(sheet.height).toBe(24 + 3 * 128);
  });
});
