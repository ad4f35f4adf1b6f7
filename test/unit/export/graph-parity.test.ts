import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGraphs } from '../../../src/export/build-graphs.ts';
import { onnx } from '../../../src/export/onnx/proto.ts';
import { topKMask } from '../../../src/runtime-common/topk-mask.ts';
import { chooseBackend } from '../../../src/training/backend/index.ts';
import { featureGrid, presets } from '../../../src/training/config.ts';
import { LearningToMask } from '../../../src/training/model/learning-to-mask.ts';
import { BatchNorm } from '../../../src/training/modules/batch-norm.ts';
import type { Module } from '../../../src/training/modules/module.ts';
import { runOnnx } from '../../helpers/onnx-runtime.ts';
import { loadFaces, maxAbsDifference, type FaceBatch } from './faces.ts';
import { predictArrays, spread, studentLogit, type PredictionArrays } from './prediction.ts';
import { makeTrainedLike } from './trained-like.ts';

/** DESIGN's cpu tolerance, on every output. */
const tolerance = 1e-4;
const images = 4;

beforeAll(async () => {
  await chooseBackend('cpu');
});

describe.each(['tiny', 'small'] as const)('the %s preset exported with random weights', (preset) => {
  const config = presets[preset].model;
  const { h, w } = featureGrid(config);
  const size = config.imageSize;
  let model: LearningToMask;
  let faces: FaceBatch;
  let expected: PredictionArrays;

  beforeAll(async () => {
    model = new LearningToMask(config, 11);
    faces = await loadFaces(images, size);
    makeTrainedLike(model, faces.nhwc, 5);
    expected = predictArrays(model, faces.nhwc);
  });
  afterAll(() => model.dispose());

  it('has outputs that vary across the faces by far more than the tolerance', () => {
    for (const name of ['vit_logit', 'cnn_logit', 'logit'] as const) expect(spread(expected[name])).toBeGreaterThan(100 * tolerance);
    expect(spread(expected.attention)).toBeGreaterThan(10 * tolerance);
  });

  describe.each([true, false])('with BatchNorm folded: %s', (foldBatchNorm) => {
    let teacherBytes: Uint8Array;
    let studentBytes: Uint8Array;
    beforeAll(() => {
      const [teacher, student] = buildGraphs(model, { batch: 'dynamic', foldBatchNorm, fused: false });
      teacherBytes = teacher!.bytes;
      studentBytes = student!.bytes;
    });

    it('teacher.onnx gives tfjs attention, vit_logit and cnn_logit within 1e-4', async () => {
      const out = await runOnnx(teacherBytes, { image: { data: faces.nchw, dims: [images, 3, size, size] } });
      expect(Object.keys(out).sort()).toEqual(['attention', 'cnn_logit', 'vit_logit']);
      expect(out.attention!.dims).toEqual([images, h * w]);
      expect(out.vit_logit!.dims).toEqual([images]);
      expect(out.cnn_logit!.dims).toEqual([images]);
      for (const name of ['attention', 'vit_logit', 'cnn_logit'] as const) {
        expect(maxAbsDifference(out[name]!.data, expected[name]), name).toBeLessThan(tolerance);
      }
    });

    it('student.onnx gives the tfjs logit within 1e-4, on the predicted mask and on the opposite one', async () => {
      const lowMask = topKMask(expected.attention, images, h * w, featureGrid(config).k, 'low');
      expect(maxAbsDifference(lowMask, expected.mask)).toBe(1);
      for (const [mask, reference] of [[expected.mask, expected.logit], [lowMask, studentLogit(model, faces.nhwc, lowMask)]] as const) {
        const out = await runOnnx(studentBytes, {
          image: { data: faces.nchw, dims: [images, 3, size, size] },
          mask: { data: mask, dims: [images, h, w] },
        });
        expect(out.logit!.dims).toEqual([images]);
        expect(maxAbsDifference(out.logit!.data, reference)).toBeLessThan(tolerance);
      }
    });

    it(foldBatchNorm ? 'has no BatchNormalization node' : 'keeps one BatchNormalization node per BatchNorm module', () => {
      const count = (bytes: Uint8Array) => (onnx.ModelProto.decode(bytes).graph?.node ?? []).filter((node) => node.opType === 'BatchNormalization').length;
      expect(count(teacherBytes)).toBe(foldBatchNorm ? 0 : countBatchNorms(model.teacher));
      expect(count(studentBytes)).toBe(foldBatchNorm ? 0 : countBatchNorms(model.student));
      expect(countBatchNorms(model.student)).toBeGreaterThan(10);
    });
  });
});

function countBatchNorms(module: Module): number {
  return (module instanceof BatchNorm ? 1 : 0) + [...module.children.values()].reduce((sum, child) => sum + countBatchNorms(child), 0);
}
