import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listImages, listInputEntries } from '../../../../src/runtime-node/infer/list-images.ts';

describe('listImages', () => {
  let root: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'ftd-list-images-'));
    await mkdir(join(root, 'faces', 'b'), { recursive: true });
    await mkdir(join(root, 'faces', 'a'), { recursive: true });
    for (const name of ['faces/b/2.PNG', 'faces/b/1.jpeg', 'faces/a/z.webp', 'faces/top.jpg', 'faces/notes.txt', 'faces/a/clip.mp4', 'single.bin']) {
      await writeFile(join(root, name), '');
    }
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('walks folders recursively for image extensions (any case), sorted by path', async () => {
    const files = await listImages([join(root, 'faces')]);
    expect(files.map((f) => f.slice(root.length + 1))).toEqual(['faces/a/z.webp', 'faces/b/1.jpeg', 'faces/b/2.PNG', 'faces/top.jpg']);
  });

  it('lists videos beside images when asked, marking them', async () => {
    const entries = await listInputEntries([join(root, 'faces', 'a')]);
    expect(entries.map((e) => [e.key, e.video])).toEqual([['clip.mp4', true], ['z.webp', false]]);
  });

  it('keeps the order of the inputs and takes a named file whatever its extension', async () => {
    const files = await listImages([join(root, 'single.bin'), join(root, 'faces', 'a')]);
    expect(files.map((f) => f.slice(root.length + 1))).toEqual(['single.bin', 'faces/a/z.webp']);
  });

  it('names a path that does not exist', async () => {
    await expect(listImages([join(root, 'missing.png')])).rejects.toThrow(/missing\.png cannot be read \(ENOENT\); expected an image file or a folder/);
    await expect(listImages([])).rejects.toThrow(RangeError);
  });

  it('refuses folders that hold no images rather than scoring nothing', async () => {
    await mkdir(join(root, 'empty', 'nested'), { recursive: true });
    await expect(listImages([join(root, 'empty')])).rejects.toThrow(/found no images under .*empty; expected files ending \.jpg, \.jpeg, \.png, \.webp/);
  });
});
