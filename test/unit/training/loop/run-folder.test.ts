import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkRunFolder, clearRunFolder } from '../../../../src/training/loop/run-folder.ts';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ftd-run-folder-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

async function folderWith(name: string, files: string[]): Promise<string> {
  const folder = join(root, name);
  await mkdir(folder, { recursive: true });
  for (const file of files) await writeFile(join(folder, file), 'x');
  return folder;
}

describe('checkRunFolder', () => {
  it('accepts a missing or empty folder for a new run', async () => {
    expect(await checkRunFolder(join(root, 'absent'), {})).toEqual({ replace: false });
    expect(await checkRunFolder(await folderWith('empty', []), {})).toEqual({ replace: false });
  });

  it('refuses an existing run without --resume or --force', async () => {
    const run = await folderWith('run', ['run.json', 'checkpoint.safetensors']);
    await expect(checkRunFolder(run, {})).rejects.toThrow(`--out ${run} already holds a run; pass --resume to continue it or --force to replace it`);
  });

  it('replaces a run with --force, and nothing that is not a run', async () => {
    const run = await folderWith('forced', ['run.json', 'checkpoint.safetensors', 'notes.txt']);
    expect(await checkRunFolder(run, { force: true })).toEqual({ replace: true });
    await clearRunFolder(run);
    expect(await readdir(run)).toEqual([]);
    const other = await folderWith('other', ['thesis.tex']);
    await expect(checkRunFolder(other, { force: true })).rejects.toThrow(/is not a run folder \(it has no run\.json or checkpoint\.safetensors\); --force replaces only runs/);
    await expect(checkRunFolder(other, {})).rejects.toThrow(/exists and is not empty; choose a new folder/);
  });

  it('needs a checkpoint to resume, and refuses --resume with --force', async () => {
    const onlyRunJson = await folderWith('half', ['run.json']);
    await expect(checkRunFolder(onlyRunJson, { resume: true })).rejects.toThrow(/--resume: .*half\/checkpoint\.safetensors does not exist/);
    await expect(checkRunFolder(onlyRunJson, { resume: true, force: true })).rejects.toThrow(/--resume and --force contradict each other/);
    const run = await folderWith('resumable', ['checkpoint.safetensors']);
    expect(await checkRunFolder(run, { resume: true })).toEqual({ replace: false });
  });

  it('names a file given as --out', async () => {
    await writeFile(join(root, 'a-file'), 'x');
    await expect(checkRunFolder(join(root, 'a-file'), {})).rejects.toThrow(/--out .*a-file is a file, expected a run folder/);
  });
});
