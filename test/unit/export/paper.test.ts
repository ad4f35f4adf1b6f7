import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGraphs } from '../../../src/export/build-graphs.ts';
import { chooseBackend } from '../../../src/training/backend/index.ts';
import { featureGrid, presets } from '../../../src/training/config.ts';
import { LearningToMask } from '../../../src/training/model/learning-to-mask.ts';
import { runOnnx } from '../../helpers/onnx-runtime.ts';
import { loadFaces, maxAbs, maxAbsDifference, type FaceBatch } from './faces.ts';
import { predictArrays, type PredictionArrays } from './prediction.ts';
import { makeTrainedLike } from './trained-like.ts';

/**
 * The published network (Xception at 224 px, a 6-block ViT of width 768) at batch 1. On tfjs's cpu back end its
 * forward pass takes about two minutes on two cores, so the model is built and run once here, in a file of its
 * own that can be run alone: npx vitest run test/unit/export/paper.test.ts
 */
const config = presets.paper.model;
const size = config.imageSize;
const { h, w } = featureGrid(config);
let model: LearningToMask;
let face: FaceBatch;
let expected: PredictionArrays;

beforeAll(async () => {
  await chooseBackend('cpu');
  model = new LearningToMask(config, 51);
  makeTrainedLike(model, (await loadFaces(2, 96)).nhwc, 6);
  face = await loadFaces(1, size);
  expected = predictArrays(model, face.nhwc);
}, 600_000);
afterAll(() => model.dispose());

describe('the paper preset exported with random weights at batch 1', () => {
  it('has logits far from zero, so the 1e-4 tolerance is a real test', () => {
    // The CNN head's logit is one random projection of 2048 features and may happen to land near zero; it is
    // also held to a relative bound below.
    for (const name of ['vit_logit', 'logit'] as const) expect(maxAbs(expected[name]), name).toBeGreaterThan(100 * 1e-4);
    expect(expected.attention.length).toBe(h * w);
  });

  it.each([true, false])('matches tfjs predict on onnxruntime-node cpu within 1e-4, BatchNorm folded: %s', async (foldBatchNorm) => {
    const [teacher, student] = buildGraphs(model, { batch: 1, foldBatchNorm, fused: false });
    const image = { data: face.nchw, dims: [1, 3, size, size] };
    const teacherOut = await runOnnx(teacher!.bytes, { image });
    expect(teacherOut.attention!.dims).toEqual([1, h * w]);
    for (const name of ['attention', 'vit_logit', 'cnn_logit'] as const) {
      const difference = maxAbsDifference(teacherOut[name]!.data, expected[name]);
      expect(difference, name).toBeLessThan(1e-4);
      expect(difference / maxAbs(expected[name]), `${name} relative`).toBeLessThan(1e-3);
    }
    const studentOut = await runOnnx(student!.bytes, { image, mask: { data: expected.mask, dims: [1, h, w] } });
    expect(maxAbsDifference(studentOut.logit!.data, expected.logit)).toBeLessThan(1e-4);
  }, 300_000);
});
