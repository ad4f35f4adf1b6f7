import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFolderLayout } from '../../../../src/training/data/folder-layout.ts';
import { fixturePath, temporaryFolder } from './fixture-paths.ts';

describe('folder layout', () => {
  let folder: Awaited<ReturnType<typeof temporaryFolder>>;
  beforeAll(async () => {
    folder = await temporaryFolder();
  });
  afterAll(() => folder.remove());

  it('reads split folders, types from fake/<type>/ and videos from the folders below', async () => {
    const { samples, ignored } = await loadFolderLayout(fixturePath('folders-sample'));
    expect(ignored).toEqual([]);
    expect(samples.map((s) => [s.split, s.label, s.type, s.video])).toEqual([
      ['train', 0, 'real', 'train/real/a_v1'],
      ['train', 0, 'real', 'train/real/a_v1'],
      ['train', 0, 'real', 'train/real/b_v1'],
      ['train', 0, 'real', 'train/real/b_v1'],
      ['train', 1, 'reenact', 'train/fake/reenact/b_v1'],
      ['train', 1, 'reenact', 'train/fake/reenact/b_v1'],
      ['train', 1, 'swap', 'train/fake/swap/a_v1'],
      ['train', 1, 'swap', 'train/fake/swap/a_v1'],
      ['train', 1, 'swap', 'train/fake/swap/c_still.jpg'],
      ['test', 0, 'real', 'test/real/c_v1'],
      ['test', 1, 'swap', 'test/fake/swap/d_v1'],
    ]);
    expect(samples[0]).toMatchObject({ path: fixturePath('folders-sample', 'train/real/a_v1/f000.jpg'), origin: 'folder train/real/a_v1/f000.jpg' });
  });

  it('reads an unsplit layout; images directly in fake/ are of type "fake"; non-images are listed, dot-files not', async () => {
    const root = join(folder.path, 'plain');
    const image = fixturePath('folders-sample', 'train/real/a_v1/f000.jpg');
    await mkdir(join(root, 'real'), { recursive: true });
    await mkdir(join(root, 'fake'), { recursive: true });
    await copyFile(image, join(root, 'real', 'b.JPG'));
    await copyFile(image, join(root, 'real', 'a.png'));
    await copyFile(image, join(root, 'fake', 'x.jpeg'));
    await writeFile(join(root, 'fake', 'notes.txt'), 'not an image');
    await writeFile(join(root, 'real', '.DS_Store'), '');
    const { samples, ignored } = await loadFolderLayout(root);
    expect(samples.map((s) => [s.label, s.type, s.video, s.split])).toEqual([
      [0, 'real', 'real/a.png', undefined],
      [0, 'real', 'real/b.JPG', undefined],
      [1, 'fake', 'fake/x.jpeg', undefined],
    ]);
    expect(ignored).toEqual(['fake/notes.txt']);
  });

  it('says what it expected when the folder is not a layout or holds no images', async () => {
    await expect(loadFolderLayout(folder.path)).rejects.toThrow(/expected real\/ and fake\/ folders, or train\/, val\/, test\/ folders holding them/);
    const empty = join(folder.path, 'empty');
    await mkdir(join(empty, 'real'), { recursive: true });
    await mkdir(join(empty, 'fake'), { recursive: true });
    await expect(loadFolderLayout(empty)).rejects.toThrow(/found no images \(.jpg, .jpeg, .png/);
  });
});
