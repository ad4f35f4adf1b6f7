import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomic, writeNewFileSynced } from '../../../src/util/atomic.ts';

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'ftd-atomic-'));
});
afterEach(() => rm(folder, { recursive: true, force: true }));

describe('writeFileAtomic', () => {
  it('replaces an existing file and leaves no temporary file beside it', async () => {
    const target = join(folder, 'nested', 'run.json');
    await writeFileAtomic(target, 'old');
    await writeFileAtomic(target, 'new');
    expect(await readFile(target, 'utf8')).toBe('new');
    expect(await readdir(join(folder, 'nested'))).toEqual(['run.json']);
  });
});

describe('writeNewFileSynced', () => {
  it('writes a new file', async () => {
    await writeNewFileSynced(join(folder, 'a.bin'), Uint8Array.of(1, 2, 3));
    expect([...(await readFile(join(folder, 'a.bin')))]).toEqual([1, 2, 3]);
  });

  it('refuses to overwrite a file that exists, so two outputs cannot share a name', async () => {
    await writeFile(join(folder, 'model.json'), 'first');
    await expect(writeNewFileSynced(join(folder, 'model.json'), 'second')).rejects.toThrow(/EEXIST/);
    expect(await readFile(join(folder, 'model.json'), 'utf8')).toBe('first');
  });
});
