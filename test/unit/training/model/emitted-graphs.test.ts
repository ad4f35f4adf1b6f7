import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { GraphBuilder } from '../../../../src/export/onnx/graph-builder.ts';
import { registerGradients } from '../../../../src/training/backend/register-gradients.ts';
import { featureGrid, presets } from '../../../../src/training/config.ts';
import { LearningToMask } from '../../../../src/training/model/learning-to-mask.ts';
import type { BatchNorm } from '../../../../src/training/modules/batch-norm.ts';
import { emitModule } from '../../../../src/training/modules/emitters.ts';
import type { Module } from '../../../../src/training/modules/module.ts';
import { Rng } from '../../../../src/util/rng.ts';
import { checkWithReferenceOnnx, referenceOnnx } from '../../../helpers/onnx-checker.ts';
import { runOnnx } from '../../../helpers/onnx-runtime.ts';
import { maxAbsDifference, tinyBatch } from './tiny-batch.ts';

const config = presets.tiny.model;
const { h, w } = featureGrid(config);
const size = config.imageSize;
const tolerance = 1e-4;
let model: LearningToMask;

/**
 * A model that looks trained: a few SGD steps move every weight, then BatchNorm's running statistics are set
 * to one batch's statistics. At initialisation they are 0 and 1, and an untrained Xception's inference-mode
 * output is ~1e-5, which would make the comparison below meaningless.
 */
beforeAll(async () => {
  await tf.setBackend('cpu');
  await registerGradients();
  model = new LearningToMask(config, 11);
  const optimizer = tf.train.momentum(0.05, 0.9);
  const { images, labels } = tinyBatch(4, size, 2);
  for (let step = 0; step < 3; step++) {
    optimizer.minimize(() => model.loss(images, labels, new Rng([11, 'step', step])).total);
  }
  const batchNorms = modulesOfKind(model, 'BatchNorm') as BatchNorm[];
  expect(batchNorms.length).toBeGreaterThan(10);
  // With momentum 0 one training pass replaces the running statistics by the batch's.
  for (const bn of batchNorms) Object.assign(bn, { momentum: 0 });
  tf.dispose(model.loss(images, labels, new Rng(0)));
  for (const bn of batchNorms) Object.assign(bn, { momentum: 0.99 });
});

function modulesOfKind(root: Module, kind: string): Module[] {
  return [...root.children.values()].flatMap((child) => [...(child.kind === kind ? [child] : []), ...modulesOfKind(child, kind)]);
}

const nchw = (images: tf.Tensor4D) => ({ data: Float32Array.from(tf.transpose(images, [0, 3, 1, 2]).dataSync()), dims: [images.shape[0], 3, size, size] });

function teacherGraph(foldBatchNorm: boolean): Uint8Array {
  const graph = new GraphBuilder({ name: 'teacher', foldBatchNorm });
  const image = graph.addInput('image', 'float32', ['N', 3, size, size]);
  const [attention, vitLogit, cnnLogit] = emitModule(model.teacher, graph, [image], [['N', 3, size, size]]);
  graph.addOutput(attention!, 'attention', 'float32', ['N', h * w]);
  graph.addOutput(vitLogit!, 'vit_logit', 'float32', ['N']);
  graph.addOutput(cnnLogit!, 'cnn_logit', 'float32', ['N']);
  return graph.serialize();
}

function studentGraph(foldBatchNorm: boolean): Uint8Array {
  const graph = new GraphBuilder({ name: 'student', foldBatchNorm });
  const image = graph.addInput('image', 'float32', ['N', 3, size, size]);
  const mask = graph.addInput('mask', 'float32', ['N', h, w]);
  const [logit] = emitModule(model.student, graph, [image, mask], [['N', 3, size, size], ['N', h, w]]);
  graph.addOutput(logit!, 'logit', 'float32', ['N']);
  return graph.serialize();
}

describe.each([true, false])('emitted graphs on onnxruntime-node cpu (foldBatchNorm %s)', (foldBatchNorm) => {
  it('the teacher graph reproduces tfjs predict', async () => {
    const { images } = tinyBatch(3, size, 21);
    const expected = model.predict(images);
    const actual = await runOnnx(teacherGraph(foldBatchNorm), { image: nchw(images) });
    expect(actual.attention!.dims).toEqual([3, h * w]);
    expect(actual.vit_logit!.dims).toEqual([3]);
    expect(actual.cnn_logit!.dims).toEqual([3]);
    expect(maxAbsDifference(actual.attention!.data, expected.attention.dataSync())).toBeLessThan(tolerance);
    expect(maxAbsDifference(actual.vit_logit!.data, expected.vitLogit.dataSync())).toBeLessThan(tolerance);
    expect(maxAbsDifference(actual.cnn_logit!.data, expected.cnnLogit.dataSync())).toBeLessThan(tolerance);
  });

  it('the student graph reproduces tfjs predict on its mask', async () => {
    const { images } = tinyBatch(3, size, 22);
    const prediction = model.predict(images);
    const mask = { data: Float32Array.from(prediction.mask.dataSync()), dims: [3, h, w] };
    const actual = await runOnnx(studentGraph(foldBatchNorm), { image: nchw(images), mask });
    expect(actual.logit!.dims).toEqual([3]);
    expect(maxAbsDifference(actual.logit!.data, prediction.logit.dataSync())).toBeLessThan(tolerance);
  });
});

describe('the outputs compared above are not trivially small', () => {
  it('logits spread over more than 100x the tolerance and the attention is not uniform', () => {
    const prediction = model.predict(tinyBatch(3, size, 21).images);
    for (const logits of [prediction.logit, prediction.vitLogit, prediction.cnnLogit]) {
      const values = [...logits.dataSync()];
      expect(Math.max(...values.map(Math.abs))).toBeGreaterThan(100 * tolerance);
    }
    const attention = [...prediction.attention.dataSync()];
    expect(Math.max(...attention) - Math.min(...attention)).toBeGreaterThan(100 * tolerance);
  });
});

const reference = referenceOnnx();
if (!reference.available) console.warn(`skipping the reference ONNX checker: ${reference.reason}`);
describe.skipIf(!reference.available)('the reference ONNX checker (full check)', () => {
  it('accepts the teacher and student graphs', () => {
    expect(checkWithReferenceOnnx(teacherGraph(true))).toEqual({ ok: true });
    expect(checkWithReferenceOnnx(studentGraph(true))).toEqual({ ok: true });
  });
});
