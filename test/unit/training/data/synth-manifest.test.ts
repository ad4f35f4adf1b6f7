import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSynthManifest } from '../../../../src/training/data/synth-manifest.ts';
import { temporaryFolder } from './fixture-paths.ts';

const item = (overrides: Record<string, unknown> = {}) => ({
  path: 'c23/swap/id0003_v1/f002.jpg',
  label: 1,
  type: 'swap',
  compression: 'c23',
  identity: 'id0003',
  video: 'c23/swap/id0003_v1',
  frame: 2,
  split: 'train',
  source: 'c23/real/id0003_v1/f002.jpg',
  ...overrides,
});

describe('synth manifest', () => {
  let folder: Awaited<ReturnType<typeof temporaryFolder>>;
  beforeAll(async () => {
    folder = await temporaryFolder();
  });
  afterAll(() => folder.remove());
  const writeManifest = async (json: unknown, name = 'manifest.json') => {
    await writeFile(join(folder.path, name), JSON.stringify(json));
    return join(folder.path, name);
  };
  const manifest = (items: unknown[]) => ({ format: 'ftd-synth', version: 1, generator: { seed: 1 }, splits: {}, items });

  it('maps items to samples, paths relative to the manifest', async () => {
    const file = await writeManifest(manifest([item(), item({ path: 'raw/real/id0001_v0/f000.png', label: 0, type: 'real', compression: 'raw', video: 'raw/real/id0001_v0', split: 'test' })]));
    const { samples, skipped } = await loadSynthManifest(file);
    expect(skipped).toEqual([]);
    expect(samples).toEqual([
      { path: join(folder.path, 'c23/swap/id0003_v1/f002.jpg'), label: 1, type: 'swap', video: 'c23/swap/id0003_v1', split: 'train', compression: 'c23', origin: 'manifest.json items[0]' },
      { path: join(folder.path, 'raw/real/id0001_v0/f000.png'), label: 0, type: 'real', video: 'raw/real/id0001_v0', split: 'test', compression: 'raw', origin: 'manifest.json items[1]' },
    ]);
  });

  it('a bad item names its index and field; skipBad lists it', async () => {
    const file = await writeManifest(manifest([item(), item({ label: 'fake' }), item({ split: 'dev' })]));
    await expect(loadSynthManifest(file)).rejects.toThrow(/manifest.json items\[1\]: .*f002.jpg: label must be 0 or 1, found string "fake"/);
    const { samples, skipped } = await loadSynthManifest(file, { skipBad: true });
    expect(samples).toHaveLength(1);
    expect(skipped.map((s) => [s.origin, s.reason])).toEqual([
      ['manifest.json items[1]', 'label must be 0 or 1, found string "fake"'],
      ['manifest.json items[2]', 'split must be train, val or test, found string "dev"'],
    ]);
    await expect(loadSynthManifest(await writeManifest(manifest([item({ type: 'real' })])))).rejects.toThrow(/label 1 contradicts type "real"/);
    await expect(loadSynthManifest(await writeManifest(manifest([item({ video: 3 })])))).rejects.toThrow(/video must be a non-empty string, found number 3/);
    await expect(loadSynthManifest(await writeManifest(manifest([{ label: 1 }])))).rejects.toThrow(/items\[0\]: path must be a non-empty string, found nothing/);
  });

  it('refuses other formats and versions', async () => {
    await expect(loadSynthManifest(await writeManifest({ format: 'other', version: 1, items: [] }))).rejects.toThrow(/format must be "ftd-synth", found string "other"/);
    await expect(loadSynthManifest(await writeManifest({ format: 'ftd-synth', version: 2, items: [] }))).rejects.toThrow(/version must be 1 .*found number 2/);
    await expect(loadSynthManifest(await writeManifest({ format: 'ftd-synth', version: 1 }))).rejects.toThrow(TypeError);
  });
});
