import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { topKMask } from '../../../../src/runtime-common/topk-mask.ts';
import { featureGrid, presets } from '../../../../src/training/config.ts';
import { LearningToMask } from '../../../../src/training/model/learning-to-mask.ts';
import { tinyBatch } from '../model/tiny-batch.ts';

beforeAll(() => tf.setBackend('cpu'));

const config = { ...presets.tiny.model, maskStrategy: 'random' as const };
const { h, w, k } = featureGrid(config);

describe('predict with the random mask strategy', () => {
  const model = new LearningToMask(config, 5);
  const { images } = tinyBatch(4, config.imageSize, 2);

  it('draws the mask the runtimes draw from the model\'s seed (what model.json records)', () => {
    const out = model.predict(images);
    const attention = out.attention.dataSync() as Float32Array;
    const expected = topKMask(attention, 4, h * w, k, 'random', 5);
    expect([...out.mask.dataSync()]).toEqual([...expected]);
    // Each image has its own positions, k of them.
    const rows = out.mask.arraySync();
    for (const row of rows) expect(row.filter((value) => value === 0)).toHaveLength(k);
    expect(rows[0]).not.toEqual(rows[1]);
  });

  it('takes another seed when given one, and scores with the student on that mask', () => {
    const out = model.predict(images, 9);
    const expected = topKMask(out.attention.dataSync() as Float32Array, 4, h * w, k, 'random', 9);
    expect([...out.mask.dataSync()]).toEqual([...expected]);
    const logit = model.student.forward(images, tf.tensor2d(expected, [4, h * w]), false);
    const difference = Math.max(...[...logit.dataSync()].map((value, i) => Math.abs(value - out.logit.dataSync()[i]!)));
    expect(difference).toBeLessThan(1e-6);
  });
});
