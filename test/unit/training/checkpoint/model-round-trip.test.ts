import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../../../src/util/rng.ts';
import { chooseBackend } from '../../../../src/training/backend/index.ts';
import { registerGradients } from '../../../../src/training/backend/register-gradients.ts';
import { loadCheckpoint, restoreState, saveCheckpoint, type RunRecord } from '../../../../src/training/checkpoint/index.ts';
import { presets, type ModelConfig } from '../../../../src/training/config.ts';
import { SgdMomentum } from '../../../../src/training/loop/sgd-momentum.ts';
import { LearningToMask } from '../../../../src/training/model/learning-to-mask.ts';

const split = { samples: 4, videos: 2, byType: {}, byCompression: {} };
const record: RunRecord = {
  format: 'ftd-run', version: 1, preset: 'tiny', config: { model: presets.tiny.model, train: presets.tiny.train },
  step: 1, epoch: 0, seed: 1, status: 'interrupted', backend: { name: 'cpu', package: '@tensorflow/tfjs-backend-cpu', device: 'JavaScript' },
  data: { source: 'd/list.csv', root: 'd', format: 'csv', fingerprint: '0', trainTypes: null, compressions: null, train: split, val: split, skipped: [] },
  metrics: [], epochInProgress: { steps: 1, lossSums: { total: 1, teacherCnn: 0, teacherVit: 0, diversity: 0, student: 1 }, trainSeconds: 1 }, resumes: [],
};

function trainingState(model: LearningToMask, optimizer: SgdMomentum): Array<[string, tf.Variable]> {
  return [...model.namedState('model.'), ...optimizer.namedSlots('optimizer.momentum.')];
}

function images(seed: number): tf.Tensor4D {
  const rng = new Rng([seed, 'images']);
  return tf.tensor4d(Float32Array.from({ length: 3 * 32 * 32 * 3 }, () => rng.uniform()), [3, 32, 32, 3]);
}

let directory: string;
beforeAll(async () => {
  await chooseBackend('cpu');
  await registerGradients();
  directory = await mkdtemp(join(tmpdir(), 'ftd-model-checkpoint-'));
});
afterAll(() => rm(directory, { recursive: true, force: true }));

describe('a LearningToMask checkpoint', () => {
  it('restores a model whose every output equals the saved one\'s', { timeout: 300_000 }, async () => {
    const trained = new LearningToMask(presets.tiny.model, 1);
    const optimizer = new SgdMomentum(trained.namedParameters(), 0.9);
    // One step so BatchNorm running statistics and the momentum slots hold more than their initial values.
    const { value, grads } = tf.variableGrads(() => trained.loss(images(1), tf.tensor1d([0, 1, 1]), new Rng([1, 'step', 0])).total, optimizer.variables);
    optimizer.step(grads, 0.01);
    tf.dispose([value, ...Object.values(grads)]);
    await saveCheckpoint(directory, trainingState(trained, optimizer), record);

    const fresh = new LearningToMask(presets.tiny.model, 2);
    const freshOptimizer = new SgdMomentum(fresh.namedParameters(), 0.9);
    const probe = images(2);
    const before = await fresh.predict(probe).logit.data();
    const expected = trained.predict(probe);
    expect(Math.max(...before.map((x, i) => Math.abs(x - expected.logit.dataSync()[i]!)))).toBeGreaterThan(1e-4);

    const loaded = await loadCheckpoint(directory);
    expect(loaded.record).toEqual(record);
    restoreState(loaded.tensors, trainingState(fresh, freshOptimizer), loaded.file);
    const actual = fresh.predict(probe);
    for (const output of ['prob', 'logit', 'cnnLogit', 'vitLogit', 'attention', 'mask'] as const) {
      expect(actual[output].shape).toEqual(expected[output].shape);
      expect([...actual[output].dataSync()]).toEqual([...expected[output].dataSync()]);
    }
    const slots = new Map(freshOptimizer.namedSlots(''));
    for (const [name, velocity] of optimizer.namedSlots('')) expect([...slots.get(name)!.dataSync()]).toEqual([...velocity.dataSync()]);
  });

  it('refuses to load into a model of another configuration, naming a tensor with both shapes', async () => {
    const wider: ModelConfig = { ...presets.tiny.model, vit: { ...presets.tiny.model.vit, dim: 32 } };
    const other = new LearningToMask(wider, 1);
    const loaded = await loadCheckpoint(directory);
    expect(() => restoreState(loaded.tensors, [...other.namedState('model.')], loaded.file)).toThrow(
      new RegExp(`${loaded.file.replace(/[.]/g, '\\.')} does not fit this model .*: tensor model\\.teacher\\.\\S+ has shape \\[[\\d,]+\\], expected \\[[\\d,]+\\]`),
    );
  });
});
