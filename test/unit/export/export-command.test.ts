import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../../src/cli/main.ts';
import { parseModelManifest, type ModelManifest } from '../../../src/runtime-common/model-manifest.ts';
import { decodeTensorProto } from '../../../src/runtime-common/tensor-proto.ts';
import { readRunFile, type RunFile } from '../../../src/training/checkpoint/index.ts';
import { train } from '../../../src/training/loop/train.ts';
import { runOnnx } from '../../helpers/onnx-runtime.ts';
import { maxAbs, maxAbsDifference } from './faces.ts';

/** `ftd train` (two steps of the tiny preset on the folder-layout fixture) then `ftd export`, as a pipeline runs them. */
let scratch: string;
let run: string;
let record: RunFile;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'ftd-export-command-'));
  run = join(scratch, 'runs', 'tiny');
  const data = new URL('../../../fixtures/folders-sample/', import.meta.url).pathname;
  const silent = { write: () => true } as unknown as NodeJS.WritableStream;
  await train({ data, out: run, preset: 'tiny', epochs: 1, stepsPerEpoch: 2, batchSize: 4, backend: 'cpu', progress: 'none', stream: silent });
  record = await readRunFile(run);
}, 300_000);
afterAll(() => rm(scratch, { recursive: true, force: true }));

async function ftd(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true));
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (err.push(String(chunk)), true));
  try {
    return { code: await main(argv), stdout: out.join(''), stderr: err.join('') };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
}

describe('ftd export <run> --out <folder>', () => {
  it('exports a run that ftd train wrote, with the flags it was given', async () => {
    const out = join(scratch, 'models', 'tiny');
    const result = await ftd('export', run, '--out', out, '--fused', '--batch', '3', '--no-fold-bn');
    expect(result.stderr).toContain(`loaded ${run}: preset tiny, step 2, epoch 1`);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/teacher\.onnx\n.*student\.onnx\n.*detector\.onnx\n/);
    const manifest: ModelManifest = parseModelManifest(JSON.parse(await readFile(join(out, 'model.json'), 'utf8')));
    expect(manifest.name).toBe('tiny');
    expect(manifest.onnx).toEqual({ opset: 17, irVersion: 8, batch: 3, foldBatchNorm: false });
    expect(manifest.training).toEqual({ preset: 'tiny', step: 2, epoch: 1, config: record.config, init: { teacher: null, student: null }, metrics: record.metrics });
    expect(manifest.mask.seed).toBe(record.seed);
    expect(manifest.graphs.detector?.inputs[0]?.shape).toEqual([3, 3, 32, 32]);
    expect(result.stdout).toMatch(/face\.onnx\n/);
    expect(manifest.graphs.face?.inputs[0]?.shape).toEqual([1, 3, 416, 416]);
  });

  it('skips face.onnx with --no-faces', async () => {
    const out = join(scratch, 'models', 'no-faces');
    const result = await ftd('export', run, '--out', out, '--no-faces');
    expect(result.code).toBe(0);
    expect(result.stdout).not.toMatch(/face\.onnx|test_data_set_face/);
    const manifest = parseModelManifest(JSON.parse(await readFile(join(out, 'model.json'), 'utf8')));
    expect(manifest.graphs.face).toBeUndefined();
    expect(manifest.face).toBeUndefined();
  });

  it('writes test data that the exported graphs reproduce', async () => {
    const out = join(scratch, 'models', 'tiny');
    const tensor = async (file: string) => decodeTensorProto(await readFile(join(out, 'test_data_set_0', file)), file);
    const image = await tensor('input_0.pb');
    const detector = await runOnnx(await readFile(join(out, 'detector.onnx')), { image: { data: image.data as Float32Array, dims: [...image.dims] } });
    const prob = (await tensor('output_5.pb')).data as Float32Array;
    expect(maxAbsDifference(detector.prob!.data, prob)).toBeLessThan(1e-4);
    const logit = await tensor('output_4.pb');
    const student = await runOnnx(await readFile(join(out, 'student.onnx')), {
      image: { data: image.data as Float32Array, dims: [...image.dims] },
      mask: { data: (await tensor('output_3.pb')).data as Float32Array, dims: [3, 4, 4] },
    });
    // Two steps of training leave BatchNorm's running statistics near their initial values, so the logits
    // are small: they are held to a relative bound as well.
    const difference = maxAbsDifference(student.logit!.data, logit.data as Float32Array);
    expect(difference).toBeLessThan(1e-4);
    expect(difference / maxAbs(logit.data as Float32Array)).toBeLessThan(1e-3);
  });

  it('exits 2 with the reason (an unusable --out, like any bad flag value) when the output folder exists', async () => {
    const out = join(scratch, 'models', 'tiny');
    const result = await ftd('export', run, '--out', out);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`ftd: ${out} already exists; pass --force to replace it, or choose another --out\n`);
  });

  it('exits 2 naming --batch when it is not a size', async () => {
    const result = await ftd('export', run, '--out', join(scratch, 'models', 'other'), '--batch', 'many');
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('ftd: --batch must be "dynamic" or a positive integer, found "many"\n');
  });

  it('--triton writes the model folder with detector.onnx and a Triton repository beside it', async () => {
    const out = join(scratch, 'models', 'for-triton');
    const repository = join(scratch, 'triton');
    const result = await ftd('export', run, '--out', out, '--triton', repository, '--triton-max-batch', '16');
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`wrote the Triton model repository ${repository} (model tiny, max_batch_size 16)`);
    expect(result.stdout).toContain(`${repository}/tiny/config.pbtxt`);
    const detector = await readFile(join(out, 'detector.onnx'));
    expect(Buffer.compare(await readFile(join(repository, 'tiny', '1', 'model.onnx')), detector)).toBe(0);
    expect(await readFile(join(repository, 'tiny', 'config.pbtxt'), 'utf8')).toMatch(/^name: "tiny"\nplatform: "onnxruntime_onnx"\nmax_batch_size: 16\n/);
  });

  it('--triton with a fixed --batch exits 2 before any work, naming both flags', async () => {
    const result = await ftd('export', run, '--out', join(scratch, 'models', 'fixed'), '--batch', '4', '--triton', join(scratch, 'triton-fixed'));
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('ftd: --triton needs --batch dynamic (Triton forms its own batches), found --batch 4\n');
  });
});
