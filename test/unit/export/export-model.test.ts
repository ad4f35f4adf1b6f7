import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportModel, type ExportResult } from '../../../src/export/export-model.ts';
import type { ExportBatch } from '../../../src/export/export-options.ts';
import { onnx, type ValueInfoProto } from '../../../src/export/onnx/proto.ts';
import { parseModelManifest } from '../../../src/runtime-common/model-manifest.ts';
import { decodeTensorProto, type NamedTensor } from '../../../src/runtime-common/tensor-proto.ts';
import { chooseBackend } from '../../../src/training/backend/index.ts';
import { featureGrid, presets, type Preset } from '../../../src/training/config.ts';
import { LearningToMask } from '../../../src/training/model/learning-to-mask.ts';
import { checkWithReferenceOnnx, referenceOnnx } from '../../helpers/onnx-checker.ts';
import { runOnnx } from '../../helpers/onnx-runtime.ts';
import { loadFaces, maxAbsDifference } from './faces.ts';
import { predictArrays, type PredictionArrays } from './prediction.ts';
import { writeRun } from './run-folder.ts';
import { makeTrainedLike } from './trained-like.ts';

/** A dynamic-batch export stores the first four shipped faces. */
const faceCount = 4;
const reference = referenceOnnx();
if (!reference.available) console.warn(`skipping the reference ONNX checker: ${reference.reason}`);

let scratch: string;
beforeAll(async () => {
  await chooseBackend('cpu');
  scratch = await mkdtemp(join(tmpdir(), 'ftd-export-'));
});
afterAll(() => rm(scratch, { recursive: true, force: true }));

const cases: Array<{ preset: Preset['name']; fused: boolean; batch: ExportBatch; foldBatchNorm: boolean; withFaces: boolean }> = [
  { preset: 'tiny', fused: true, batch: 'dynamic', foldBatchNorm: true, withFaces: true },
  { preset: 'small', fused: false, batch: 2, foldBatchNorm: false, withFaces: false },
];

describe.each(cases)('ftd export of a $preset checkpoint (fused $fused, batch $batch, fold BN $foldBatchNorm, faces $withFaces)', ({ preset, fused, batch, foldBatchNorm, withFaces }) => {
  const config = presets[preset].model;
  const size = config.imageSize;
  const { h, w, k } = featureGrid(config);
  const n = batch === 'dynamic' ? faceCount : batch;
  const N = batch === 'dynamic' ? 'N' : batch;
  let run: string;
  let result: ExportResult;
  let expected: PredictionArrays;
  const file = (name: string) => readFile(join(result.out, name));
  const testTensor = async (name: string) => decodeTensorProto(await file(`test_data_set_0/${name}`), name);

  beforeAll(async () => {
    run = join(scratch, `${preset}-run`);
    const model = new LearningToMask(config, 41);
    const faces = await loadFaces(n, size);
    makeTrainedLike(model, faces.nhwc, 4);
    await writeRun(run, preset, model, 41);
    expected = predictArrays(model, faces.nhwc);
    model.dispose();
    result = await exportModel({ run, out: join(scratch, 'models', preset), fused, batch, foldBatchNorm, faces: withFaces });
  });

  it('writes the graphs, model.json and test_data_set_0, and nothing beside the model folder', async () => {
    const graphs = fused ? ['detector.onnx', 'student.onnx', 'teacher.onnx'] : ['student.onnx', 'teacher.onnx'];
    const faceFiles = withFaces ? ['face.onnx', 'test_data_set_face'] : [];
    expect((await readdir(result.out)).sort()).toEqual([...graphs, ...faceFiles, 'model.json', 'test_data_set_0'].sort());
    if (withFaces) expect((await readdir(join(result.out, 'test_data_set_face'))).sort()).toEqual(['input_0.pb', 'input_1.pb', 'output_0.pb', 'output_1.pb']);
    expect((await readdir(join(result.out, 'test_data_set_0'))).sort()).toEqual(
      ['input_0.pb', ...Array.from({ length: 6 }, (_, i) => `output_${i}.pb`)],
    );
    expect(await readdir(join(scratch, 'models'))).toEqual(expect.arrayContaining([preset]));
    expect((await readdir(join(scratch, 'models'))).filter((name) => name.startsWith('.'))).toEqual([]);
  });

  it('writes a model.json that the runtimes accept and that describes the files as written', async () => {
    const text = (await file('model.json')).toString('utf8');
    const manifest = parseModelManifest(JSON.parse(text), 'model.json');
    expect(manifest).toEqual(result.manifest);
    expect(manifest.input).toEqual({ size, layout: 'NCHW', channels: 'RGB', scale: 1 / 255, fit: 'fill' });
    expect(manifest.featureGrid).toEqual({ h, w, k });
    expect(manifest.mask).toEqual({ strategy: 'high', ratio: 0.25, seed: 41 });
    expect(manifest.onnx).toEqual({ opset: 17, irVersion: 8, batch, foldBatchNorm });
    expect(manifest.training).toMatchObject({ preset, step: 20, epoch: 1, config: { model: config } });
    expect(manifest.testData).toEqual({ folder: 'test_data_set_0', inputs: ['input_0.pb'], outputs: Array.from({ length: 6 }, (_, i) => `output_${i}.pb`), count: n });
    const declared = {
      teacher: { inputs: [['image', [N, 3, size, size]]], outputs: [['attention', [N, h * w]], ['vit_logit', [N]], ['cnn_logit', [N]]] },
      student: { inputs: [['image', [N, 3, size, size]], ['mask', [N, h, w]]], outputs: [['logit', [N]]] },
      detector: { inputs: [['image', [N, 3, size, size]]], outputs: [['prob', [N]], ['attention', [N, h * w]], ['mask', [N, h * w]]] },
      face: { inputs: [['image', [1, 3, 416, 416]], ['score_threshold', [1]]], outputs: [['boxes', ['faces', 4]], ['scores', ['faces']]] },
    };
    const roles = [...(fused ? ['detector'] : []), ...(withFaces ? ['face'] : []), 'student', 'teacher'];
    expect(Object.keys(manifest.graphs).sort()).toEqual(roles);
    if (withFaces) {
      expect(manifest.face).toEqual({
        inputSize: 416,
        scoreThreshold: 0.5,
        iouThreshold: 0.4,
        weights: { package: '@vladmandic/face-api', version: '1.7.15', license: 'MIT' },
        testData: { folder: 'test_data_set_face', inputs: ['input_0.pb', 'input_1.pb'], outputs: ['output_0.pb', 'output_1.pb'], count: 1 },
      });
    } else {
      expect(manifest.face).toBeUndefined();
    }
    for (const [role, entry] of Object.entries(manifest.graphs)) {
      const bytes = await file(entry.file);
      expect(entry.file).toBe(`${role}.onnx`);
      expect(entry.bytes).toBe(bytes.length);
      expect(entry.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
      const graph = onnx.ModelProto.decode(bytes).graph!;
      const readBack = (values: ValueInfoProto[] | null | undefined) => (values ?? []).map((value) => [
        value.name,
        (value.type?.tensorType?.shape?.dim ?? []).map((dim) => (dim.dimParam ? dim.dimParam : Number(dim.dimValue))),
      ]);
      const want = declared[role as keyof typeof declared];
      expect(readBack(graph.input)).toEqual(want.inputs);
      expect(readBack(graph.output)).toEqual(want.outputs);
      expect(entry.inputs.map((value) => [value.name, value.shape])).toEqual(want.inputs);
      expect(entry.outputs.map((value) => [value.name, value.shape])).toEqual(want.outputs);
      expect([...entry.inputs, ...entry.outputs].every((value) => value.type === 'float32')).toBe(true);
    }
  });

  it('stores the faces and the checkpoint model\'s tfjs predict outputs as named TensorProtos', async () => {
    const image = await testTensor('input_0.pb');
    const faces = await loadFaces(n, size);
    expect(image).toMatchObject({ name: 'image', type: 'float32', dims: [n, 3, size, size] });
    expect(Array.from(image.data as Float32Array)).toEqual(Array.from(faces.nchw));
    const outputs: NamedTensor[] = [];
    for (let i = 0; i < 6; i++) outputs.push(await testTensor(`output_${i}.pb`));
    expect(outputs.map((tensor) => [tensor.name, tensor.dims])).toEqual([
      ['attention', [n, h * w]], ['vit_logit', [n]], ['cnn_logit', [n]], ['mask', [n, h * w]], ['logit', [n]], ['prob', [n]],
    ]);
    // The checkpoint round trip is exact and tfjs cpu is deterministic, so the stored outputs are bit-identical.
    for (const tensor of outputs) expect(Array.from(tensor.data as Float32Array), tensor.name).toEqual(Array.from(expected[tensor.name as keyof PredictionArrays]));
  });

  it('has graphs that reproduce the test data on onnxruntime-node cpu within 1e-4', async () => {
    const image = await testTensor('input_0.pb');
    const feeds = { image: { data: image.data as Float32Array, dims: [...image.dims] } };
    const stored = async (index: number) => (await testTensor(`output_${index}.pb`)).data as Float32Array;
    const teacher = await runOnnx(await file('teacher.onnx'), feeds);
    expect(maxAbsDifference(teacher.attention!.data, await stored(0))).toBeLessThan(1e-4);
    expect(maxAbsDifference(teacher.vit_logit!.data, await stored(1))).toBeLessThan(1e-4);
    expect(maxAbsDifference(teacher.cnn_logit!.data, await stored(2))).toBeLessThan(1e-4);
    const student = await runOnnx(await file('student.onnx'), { ...feeds, mask: { data: await stored(3), dims: [n, h, w] } });
    expect(maxAbsDifference(student.logit!.data, await stored(4))).toBeLessThan(1e-4);
    if (fused) {
      const detector = await runOnnx(await file('detector.onnx'), feeds);
      expect(maxAbsDifference(detector.prob!.data, await stored(5))).toBeLessThan(1e-4);
      expect(Array.from(detector.mask!.data)).toEqual(Array.from(await stored(3)));
    }
  });

  it.skipIf(!withFaces)('has a face.onnx that reproduces its test data (the tfjs detector) on onnxruntime-node cpu within 1e-4', async () => {
    const tensor = async (name: string) => decodeTensorProto(await file(`test_data_set_face/${name}`), name);
    const [image, threshold, boxes, scores] = await Promise.all(['input_0.pb', 'input_1.pb', 'output_0.pb', 'output_1.pb'].map(tensor));
    expect([image!.name, threshold!.name, boxes!.name, scores!.name]).toEqual(['image', 'score_threshold', 'boxes', 'scores']);
    expect(scores!.dims[0]).toBeGreaterThanOrEqual(2);
    const out = await runOnnx(await file('face.onnx'), {
      image: { data: image!.data as Float32Array, dims: [...image!.dims] },
      score_threshold: { data: threshold!.data as Float32Array, dims: [1] },
    });
    expect(out.boxes!.dims).toEqual(boxes!.dims);
    expect(maxAbsDifference(out.boxes!.data, boxes!.data as Float32Array)).toBeLessThan(1e-4);
    expect(maxAbsDifference(out.scores!.data, scores!.data as Float32Array)).toBeLessThan(1e-4);
  });

  it('gives byte-identical files when the same checkpoint is exported again', async () => {
    const again = await exportModel({ run, out: join(scratch, 'again', preset), fused, batch, foldBatchNorm, faces: withFaces });
    const digest = async (folder: string, name: string) => createHash('sha256').update(await readFile(join(folder, name))).digest('hex');
    expect(again.files.map((written) => written.file)).toEqual(result.files.map((written) => written.file));
    for (const { file: name } of result.files) expect(await digest(again.out, name), name).toBe(await digest(result.out, name));
  });

  it.skipIf(!reference.available)('writes graphs that pass onnx.checker.check_model(full_check=True)', async () => {
    for (const entry of Object.values(result.manifest.graphs)) expect(checkWithReferenceOnnx(await file(entry.file)), entry.file).toEqual({ ok: true });
  });
});
