import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGraphs } from '../../../src/export/build-graphs.ts';
import { readGraphInterface } from '../../../src/export/read-graph-interface.ts';
import { chooseBackend } from '../../../src/training/backend/index.ts';
import { featureGrid, presets } from '../../../src/training/config.ts';
import { LearningToMask } from '../../../src/training/model/learning-to-mask.ts';
import { runOnnx } from '../../helpers/onnx-runtime.ts';
import { loadFaces, maxAbsDifference } from './faces.ts';
import { predictArrays } from './prediction.ts';
import { makeTrainedLike } from './trained-like.ts';

const config = presets.tiny.model;
const size = config.imageSize;
const { h, w } = featureGrid(config);
let model: LearningToMask;

beforeAll(async () => {
  await chooseBackend('cpu');
  model = new LearningToMask(config, 31);
  makeTrainedLike(model, (await loadFaces(8, size)).nhwc, 2);
});
afterAll(() => model.dispose());

describe('a dynamic-batch export', () => {
  let graphs: Record<string, Uint8Array>;
  beforeAll(() => {
    graphs = Object.fromEntries(buildGraphs(model, { batch: 'dynamic', foldBatchNorm: true, fused: true }).map((graph) => [graph.role, graph.bytes]));
  });

  it('names the batch dimension N on every input and output', () => {
    for (const [role, bytes] of Object.entries(graphs)) {
      const { inputs, outputs } = readGraphInterface(bytes, role);
      for (const entry of [...inputs, ...outputs]) expect(entry.shape[0], `${role} ${entry.name}`).toBe('N');
    }
  });

  it.each([1, 3, 8])('runs a batch of %i and matches tfjs predict within 1e-4', async (n) => {
    const faces = await loadFaces(n, size);
    const expected = predictArrays(model, faces.nhwc);
    const image = { data: faces.nchw, dims: [n, 3, size, size] };
    const teacher = await runOnnx(graphs.teacher!, { image });
    const student = await runOnnx(graphs.student!, { image, mask: { data: expected.mask, dims: [n, h, w] } });
    const detector = await runOnnx(graphs.detector!, { image });
    expect(teacher.attention!.dims).toEqual([n, h * w]);
    expect(student.logit!.dims).toEqual([n]);
    expect(detector.prob!.dims).toEqual([n]);
    expect(maxAbsDifference(teacher.attention!.data, expected.attention)).toBeLessThan(1e-4);
    expect(maxAbsDifference(teacher.vit_logit!.data, expected.vit_logit)).toBeLessThan(1e-4);
    expect(maxAbsDifference(teacher.cnn_logit!.data, expected.cnn_logit)).toBeLessThan(1e-4);
    expect(maxAbsDifference(student.logit!.data, expected.logit)).toBeLessThan(1e-4);
    expect(maxAbsDifference(detector.prob!.data, expected.prob)).toBeLessThan(1e-4);
    faces.nhwc.dispose();
  });
});

describe('a fixed-batch export', () => {
  it('declares the batch size and runs only that batch', async () => {
    const [teacher, student] = buildGraphs(model, { batch: 3, foldBatchNorm: true, fused: false });
    expect(readGraphInterface(teacher!.bytes, 'teacher').inputs[0]!.shape).toEqual([3, 3, size, size]);
    expect(readGraphInterface(student!.bytes, 'student').inputs[1]!.shape).toEqual([3, h, w]);
    const three = await loadFaces(3, size);
    const out = await runOnnx(teacher!.bytes, { image: { data: three.nchw, dims: [3, 3, size, size] } });
    expect(maxAbsDifference(out.attention!.data, predictArrays(model, three.nhwc).attention)).toBeLessThan(1e-4);
    const two = await loadFaces(2, size);
    await expect(runOnnx(teacher!.bytes, { image: { data: two.nchw, dims: [2, 3, size, size] } })).rejects.toThrow(/invalid dimensions for input: image/);
  });
});
