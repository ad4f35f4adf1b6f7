import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportModel } from '../../../src/export/export-model.ts';
import { parseBatch } from '../../../src/export/export-options.ts';
import { defaultReferenceFolder } from '../../../src/export/reference-images.ts';
import { chooseBackend } from '../../../src/training/backend/index.ts';
import { encodeSafetensors, type StoredTensor } from '../../../src/training/checkpoint/index.ts';
import { presets } from '../../../src/training/config.ts';
import { LearningToMask } from '../../../src/training/model/learning-to-mask.ts';
import { runRecord, writeRun } from './run-folder.ts';
import { FlagError, FlagTypeError } from '../../../src/util/flag-error.ts';

let scratch: string;
let run: string;

beforeAll(async () => {
  await chooseBackend('cpu');
  scratch = await mkdtemp(join(tmpdir(), 'ftd-export-errors-'));
  run = join(scratch, 'runs', 'tiny');
  const model = new LearningToMask(presets.tiny.model, 3);
  await writeRun(run, 'tiny', model, 3);
  model.dispose();
});
afterAll(() => rm(scratch, { recursive: true, force: true }));

/** Nothing named after the model, and no staging folder, may be left beside it after a failed export. */
async function expectNothingWritten(parent: string, name: string): Promise<void> {
  const left = await readdir(parent).catch(() => []);
  expect(left.filter((entry) => entry === name || entry.startsWith(`.${name}.`))).toEqual([]);
}

describe('ftd export refuses bad input with the path, what was expected and what was found', () => {
  it('a run folder that does not exist', async () => {
    const missing = join(scratch, 'runs', 'missing');
    await expect(exportModel({ run: missing, out: join(scratch, 'models', 'a') })).rejects.toThrow(
      new RangeError(`run folder ${missing} does not exist; expected a folder written by "ftd train" (checkpoint.safetensors + run.json)`),
    );
  });

  it('a run folder without a checkpoint', async () => {
    const empty = join(scratch, 'runs', 'empty');
    await mkdir(empty, { recursive: true });
    await expect(exportModel({ run: empty, out: join(scratch, 'models', 'b') })).rejects.toThrow(
      new RangeError(`no checkpoint to load: ${join(empty, 'checkpoint.safetensors')} does not exist`),
    );
    await expectNothingWritten(join(scratch, 'models'), 'b');
  });

  it('a truncated checkpoint', async () => {
    const torn = join(scratch, 'runs', 'torn');
    await mkdir(torn, { recursive: true });
    const bytes = await readFile(join(run, 'checkpoint.safetensors'));
    await writeFile(join(torn, 'checkpoint.safetensors'), bytes.subarray(0, bytes.length >> 1));
    await expect(exportModel({ run: torn, out: join(scratch, 'models', 'c') })).rejects.toThrow(
      new RegExp(`^${escape(join(torn, 'checkpoint.safetensors'))} is truncated: tensor \\S+ needs data bytes \\d+\\.\\.\\d+, the file holds \\d+$`),
    );
  });

  it('a file that is not a checkpoint', async () => {
    const text = join(scratch, 'runs', 'text');
    await mkdir(text, { recursive: true });
    await writeFile(join(text, 'checkpoint.safetensors'), 'these are not the weights you are looking for');
    await expect(exportModel({ run: text, out: join(scratch, 'models', 'd') })).rejects.toThrow(TypeError);
    await expect(exportModel({ run: text, out: join(scratch, 'models', 'd') })).rejects.toThrow(`${join(text, 'checkpoint.safetensors')} is not a safetensors file`);
  });

  it('a checkpoint whose tensors come from another preset', async () => {
    const mixed = join(scratch, 'runs', 'mixed');
    await mkdir(mixed, { recursive: true });
    const small = new LearningToMask(presets.small.model, 3);
    const tiny = new LearningToMask(presets.tiny.model, 3);
    const tensors = new Map<string, StoredTensor>(small.namedState('model.').map(([name, variable]) => [name, { shape: variable.shape, data: variable.dataSync() as Float32Array }]));
    await writeFile(join(mixed, 'checkpoint.safetensors'), encodeSafetensors(tensors, { 'ftd.run': JSON.stringify(runRecord('tiny', tiny, 3)) }));
    small.dispose();
    tiny.dispose();
    const error = await exportModel({ run: mixed, out: join(scratch, 'models', 'e') }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RangeError);
    expect((error as Error).message).toMatch(new RegExp(`^${escape(join(mixed, 'checkpoint.safetensors'))} does not fit this model ` +
      '\\(a checkpoint from another preset or configuration\\?\\): tensor model\\.teacher\\.backbone\\.block2\\.shortcut\\.conv\\.kernel has shape ' +
      '\\[1,1,8,16\\], expected \\[1,1,8,8\\]; .*; and \\d+ more$'));
    await expectNothingWritten(join(scratch, 'models'), 'e');
  });

  it('an output folder that exists, unless --force, and leaves it untouched', async () => {
    const out = join(scratch, 'models', 'taken');
    await mkdir(out, { recursive: true });
    await writeFile(join(out, 'keep.txt'), 'mine');
    await expect(exportModel({ run, out })).rejects.toThrow(new FlagError('--out', `${out} already exists; pass --force to replace it, or choose another --out`));
    expect(await readdir(out)).toEqual(['keep.txt']);
    await exportModel({ run, out, force: true, images: [join(defaultReferenceFolder, '00-real-id0-raw.png')], faces: false });
    expect((await readdir(out)).sort()).toEqual(['model.json', 'student.onnx', 'teacher.onnx', 'test_data_set_0']);
  });

  it('an output folder that cannot be created', async () => {
    const blocker = join(scratch, 'not-a-folder');
    await writeFile(blocker, 'a file where a folder should be');
    const out = join(blocker, 'models', 'model');
    await expect(exportModel({ run, out })).rejects.toThrow(
      new RangeError(`cannot write the model folder ${out}: ${blocker} is a file, expected a folder`),
    );
  });

  it('an output folder that is the run folder, which --force would delete', async () => {
    await expect(exportModel({ run, out: run, force: true })).rejects.toThrow(
      new FlagError('--out', `--out ${run} is or contains the run folder ${run}; choose a folder outside it (e.g. models/<name>)`),
    );
    expect((await readdir(run)).sort()).toEqual(['checkpoint.safetensors', 'run.json']);
  });

  it('--fused for a model trained with random masks, before writing anything', async () => {
    const randomRun = join(scratch, 'runs', 'random');
    const model = new LearningToMask({ ...presets.tiny.model, maskStrategy: 'random' }, 5);
    await writeRun(randomRun, 'tiny', model, 5);
    model.dispose();
    await expect(exportModel({ run: randomRun, out: join(scratch, 'models', 'f'), fused: true })).rejects.toThrow(/^mask strategy "random" cannot be fused into detector.onnx \(--fused\)/);
    await expectNothingWritten(join(scratch, 'models'), 'f');
  });

  it('a reference image that cannot be decoded, removing the half-written export', async () => {
    const broken = join(scratch, 'broken.jpg');
    const jpeg = await readFile(join(defaultReferenceFolder, '01-swap-id0-c23.jpg'));
    await writeFile(broken, jpeg.subarray(0, 600));
    await expect(exportModel({ run, out: join(scratch, 'models', 'g'), images: [broken] })).rejects.toThrow(new RegExp(`^reference image ${escape(broken)} cannot be decoded: `));
    await expectNothingWritten(join(scratch, 'models'), 'g');
  });

  it('--batch that is neither "dynamic" nor a positive integer', () => {
    expect(parseBatch('dynamic')).toBe('dynamic');
    expect(parseBatch('8')).toBe(8);
    expect(parseBatch(3)).toBe(3);
    expect(() => parseBatch('0')).toThrow(new FlagError('--batch', '--batch must be "dynamic" or a positive integer, found 0'));
    expect(() => parseBatch(2.5)).toThrow(new FlagError('--batch', '--batch must be "dynamic" or a positive integer, found 2.5'));
    expect(() => parseBatch('auto')).toThrow(new FlagTypeError('--batch', '--batch must be "dynamic" or a positive integer, found "auto"'));
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
