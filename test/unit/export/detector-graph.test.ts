import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGraphs } from '../../../src/export/build-graphs.ts';
import { onnx } from '../../../src/export/onnx/proto.ts';
import { topKMask } from '../../../src/runtime-common/topk-mask.ts';
import { sigmoid } from '../../../src/runtime-common/detector.ts';
import { chooseBackend } from '../../../src/training/backend/index.ts';
import { featureGrid, presets, type ModelConfig } from '../../../src/training/config.ts';
import { LearningToMask } from '../../../src/training/model/learning-to-mask.ts';
import { runOnnx } from '../../helpers/onnx-runtime.ts';
import { loadFaces, maxAbsDifference, type FaceBatch } from './faces.ts';
import { predictArrays, type PredictionArrays } from './prediction.ts';
import { makeTrainedLike } from './trained-like.ts';

const images = 5;

beforeAll(async () => {
  await chooseBackend('cpu');
});

const cases: Array<[string, ModelConfig]> = [
  ['tiny, mask high', presets.tiny.model],
  ['tiny, mask low', { ...presets.tiny.model, maskStrategy: 'low' }],
  ['tiny, mask none', { ...presets.tiny.model, maskStrategy: 'none' }],
  ['small, mask high', presets.small.model],
];

describe.each(cases)('detector.onnx for %s', (_, config) => {
  const { h, w, k } = featureGrid(config);
  const size = config.imageSize;
  let model: LearningToMask;
  let faces: FaceBatch;
  let expected: PredictionArrays;
  let graphs: Record<string, Uint8Array>;

  beforeAll(async () => {
    model = new LearningToMask(config, 21);
    faces = await loadFaces(images, size);
    makeTrainedLike(model, faces.nhwc, 8);
    expected = predictArrays(model, faces.nhwc);
    graphs = Object.fromEntries(buildGraphs(model, { batch: 'dynamic', foldBatchNorm: true, fused: true }).map((graph) => [graph.role, graph.bytes]));
  });
  afterAll(() => model.dispose());

  it('equals mask-then-classify on teacher.onnx and student.onnx: the same attention and mask, prob to 1e-6', async () => {
    const image = { data: faces.nchw, dims: [images, 3, size, size] };
    const fused = await runOnnx(graphs.detector!, { image });
    expect(Object.keys(fused).sort()).toEqual(['attention', 'mask', 'prob']);
    expect(fused.prob!.dims).toEqual([images]);
    expect(fused.mask!.dims).toEqual([images, h * w]);
    const teacher = await runOnnx(graphs.teacher!, { image });
    const mask = topKMask(teacher.attention!.data, images, h * w, k, config.maskStrategy);
    const student = await runOnnx(graphs.student!, { image, mask: { data: mask, dims: [images, h, w] } });
    expect(maxAbsDifference(fused.attention!.data, teacher.attention!.data)).toBeLessThan(1e-6);
    expect(Array.from(fused.mask!.data)).toEqual(Array.from(mask));
    expect(maxAbsDifference(fused.prob!.data, student.logit!.data.map(sigmoid))).toBeLessThan(1e-6);
    const masked = Array.from(fused.mask!.data).filter((value) => value === 0).length;
    expect(masked).toBe(config.maskStrategy === 'none' ? 0 : images * k);
  });

  it("leaves out what only the teacher's logits need (the ViT head, the CNN head, the last MLP)", () => {
    const nodeNames = (bytes: Uint8Array) => (onnx.ModelProto.decode(bytes).graph?.node ?? []).map((node) => node.name ?? '');
    const detector = nodeNames(graphs.detector!);
    const teacher = nodeNames(graphs.teacher!);
    const lastBlock = `teacher/block${config.vit.blocks - 1}/mlp/`;
    for (const prefix of ['teacher/vit_head/', 'teacher/cnn_head/', 'teacher/norm/', lastBlock]) {
      expect(teacher.some((name) => name.startsWith(prefix)), prefix).toBe(true);
      expect(detector.filter((name) => name.startsWith(prefix)), prefix).toEqual([]);
    }
    expect(detector.some((name) => name.startsWith('teacher/embedding/'))).toBe(true);
  });

  it('matches tfjs predict: prob within 1e-4 and the same mask', async () => {
    const fused = await runOnnx(graphs.detector!, { image: { data: faces.nchw, dims: [images, 3, size, size] } });
    expect(maxAbsDifference(fused.prob!.data, expected.prob)).toBeLessThan(1e-4);
    expect(maxAbsDifference(fused.attention!.data, expected.attention)).toBeLessThan(1e-4);
    expect(Array.from(fused.mask!.data)).toEqual(Array.from(expected.mask));
  });
});

describe('a model trained with random masks', () => {
  it('cannot be fused, and says why and what to do instead', () => {
    const model = new LearningToMask({ ...presets.tiny.model, maskStrategy: 'random' }, 1);
    try {
      expect(() => buildGraphs(model, { batch: 'dynamic', foldBatchNorm: true, fused: true })).toThrow(
        /"random" cannot be fused into detector.onnx \(--fused\).*export without --fused and run teacher.onnx \+ student.onnx/,
      );
      expect(buildGraphs(model, { batch: 'dynamic', foldBatchNorm: true, fused: false }).map((graph) => graph.file)).toEqual(['teacher.onnx', 'student.onnx']);
    } finally {
      model.dispose();
    }
  });
});
