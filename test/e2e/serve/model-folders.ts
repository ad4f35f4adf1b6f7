import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeTensorProto, encodeTensorProto } from '../../../src/runtime-common/tensor-proto.ts';
import { copyFolder, modelTiny, runFtd } from './serve-fixture.ts';

/**
 * A second, genuinely different export made with the real commands (tiny preset, one step, another seed), for
 * the model-swap tests: its graphs, and so its sha256s and model id, differ from the fixture's.
 */
export async function makeSecondExport(root: string): Promise<string> {
  const run = join(root, 'run-b');
  const out = join(root, 'model-b');
  const train = await runFtd(['train', '--data', 'fixtures/synth-tiny', '--preset', 'tiny', '--epochs', '1', '--steps-per-epoch', '1', '--batch', '2', '--seed', '11', '--out', run, '--backend', 'cpu', '--progress', 'none']);
  if (train.code !== 0) throw new Error(`ftd train failed (${train.code}): ${train.stderr}`);
  const exported = await runFtd(['export', run, '--out', out]);
  if (exported.code !== 0) throw new Error(`ftd export failed (${exported.code}): ${exported.stderr}`);
  return out;
}

/**
 * A copy of the fixture model whose reference probabilities were moved by `shift`: the graphs are intact (their
 * sha256 still match) but no runtime reproduces the reference any more, so the self-check must fail.
 */
export async function modelWithWrongReference(folder: string, shift: number): Promise<void> {
  await copyFolder(modelTiny, folder);
  const dataFolder = join(folder, 'test_data_set_0');
  for (const file of await readdir(dataFolder)) {
    if (!file.startsWith('output_')) continue;
    const tensor = decodeTensorProto(await readFile(join(dataFolder, file)), file);
    if (tensor.name !== 'prob' || tensor.type !== 'float32') continue;
    await writeFile(join(dataFolder, file), encodeTensorProto({ ...tensor, data: (tensor.data as Float32Array).map((p) => p + shift) }));
    return;
  }
  throw new Error(`${dataFolder} has no float32 "prob" output to change`);
}

/** Flips one byte in the middle of a file, as a bad copy would. */
export async function damageFile(path: string): Promise<void> {
  const bytes = await readFile(path);
  bytes[bytes.length >> 1] ^= 0x01;
  await writeFile(path, bytes);
}
