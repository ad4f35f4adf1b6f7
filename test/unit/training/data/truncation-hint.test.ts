import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { truncationHint } from '../../../../src/training/data/truncation-hint.ts';
import { fixturePath, temporaryFolder } from './fixture-paths.ts';

describe('truncationHint', () => {
  let folder: Awaited<ReturnType<typeof temporaryFolder>>;
  beforeAll(async () => {
    folder = await temporaryFolder();
  });
  afterAll(() => folder.remove());

  it('finds a JPEG or PNG cut short, and nothing wrong with whole files', async () => {
    expect(await truncationHint(fixturePath('csv-sample/images/truncated.jpg'))).toBe('the JPEG is truncated (no end-of-image marker)');
    expect(await truncationHint(fixturePath('csv-sample/images/a_v1_f000.jpg'))).toBeUndefined();
    expect(await truncationHint(fixturePath('csv-sample/images/known.png'))).toBeUndefined();
    const png = await readFile(fixturePath('csv-sample/images/known.png'));
    await writeFile(join(folder.path, 'cut.png'), png.subarray(0, png.length - 20));
    expect(await truncationHint(join(folder.path, 'cut.png'))).toBe('the PNG is truncated (no IEND chunk)');
  });

  it('has nothing to say about other files or missing ones', async () => {
    expect(await truncationHint(fixturePath('csv-sample/list.csv'))).toBeUndefined();
    expect(await truncationHint(join(folder.path, 'absent.jpg'))).toBeUndefined();
  });
});
