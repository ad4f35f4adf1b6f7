import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeSafetensors } from '../../../../src/training/checkpoint/safetensors.ts';
import { readWeightFile, recordedName } from '../../../../src/training/pretrained/weight-file.ts';
import { FlagError } from '../../../../src/util/flag-error.ts';

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'ftd-weight-file-'));
});
afterAll(() => rm(folder, { recursive: true, force: true }));

describe('readWeightFile', () => {
  it('tells safetensors from HDF5, fingerprints the bytes and records the name without its folder', async () => {
    const safetensors = join(folder, 'w.safetensors');
    await writeFile(safetensors, encodeSafetensors(new Map([['conv1.weight', { shape: [1], data: Float32Array.of(2) }]])));
    const file = await readWeightFile(safetensors, '--init-student');
    expect(file.container).toBe('safetensors');
    expect(file.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect([...file.safetensors!.tensors.get('conv1.weight')!.data]).toEqual([2]);
    expect(recordedName(file)).toBe('w.safetensors');
    const hdf5 = join(folder, 'w.h5');
    await writeFile(hdf5, Uint8Array.of(0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a, 0));
    expect((await readWeightFile(hdf5, '--init')).container).toBe('hdf5');
  });

  it('refuses, naming the flag, a file that is missing, a folder, or neither format', async () => {
    await expect(readWeightFile(join(folder, 'none.safetensors'), '--init-teacher')).rejects.toThrow(/^--init-teacher .*none\.safetensors does not exist/);
    await expect(readWeightFile(folder, '--init')).rejects.toThrow(/^--init .* is a folder; expected a pretrained-weights file/);
    const pth = join(folder, 'model.pth');
    await writeFile(pth, Buffer.from('PK\x03\x04 a zip, as torch.save writes'));
    const failure = readWeightFile(pth, '--init');
    await expect(failure).rejects.toThrow(FlagError);
    await expect(failure).rejects.toThrow(/^--init: .*model\.pth is not a safetensors file: .* \(it is not HDF5 either\)$/);
  });
});
