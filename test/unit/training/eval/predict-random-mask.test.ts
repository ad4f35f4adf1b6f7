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
  // The runtimes' input layout, which the mask is drawn from.
  const nchw = tf.transpose(images, [0, 3, 1, 2]).dataSync() as Float32Array;

  it('draws the mask the runtimes draw from the model\'s seed (what model.json records)', () => {
    const out = model.predict(images);
    const attention = out.attention.dataSync() as Float32Array;
    const expected = topKMask(attention, 4, h * w, k, 'random', 5, nchw);
    expect([...out.mask.dataSync()]).toEqual([...expected]);
    // Each image has its own positions, k of them.
    const rows = out.mask.arraySync();
    for (const row of rows) expect(row.filter((value) => value === 0)).toHaveLength(k);
    expect(rows[0]).not.toEqual(rows[1]);
  });

  it('takes another seed when given one, and scores with the student on that mask', () => {
    const out = model.predict(images, 9);
    const expected = topKMask(out.attention.dataSync() as Float32Array, 4, h * w, k, 'random', 9, nchw);
    expect([...out.mask.dataSync()]).toEqual([...expected]);
    const logit = model.student.forward(images, tf.tensor2d(expected, [4, h * w]), false);
    const difference = Math.max(...[...logit.dataSync()].map((value, i) => Math.abs(value - out.logit.dataSync()[i]!)));
    expect(difference).toBeLessThan(1e-6);
  });

  it('gives an image the same mask and score alone and at other places in batches of other sizes', () => {
    const rowsOf = (batch: tf.Tensor4D) => {
      const out = model.predict(batch);
      return { mask: out.mask.arraySync(), logit: [...out.logit.dataSync()] };
    };
    const image = (i: number) => tf.slice(images, [i, 0, 0, 0], [1, -1, -1, -1]);
    const full = rowsOf(images);
    const alone = rowsOf(image(2) as tf.Tensor4D);
    const reordered = rowsOf(tf.concat([image(2), image(0)]) as tf.Tensor4D);
    expect(alone.mask[0]).toEqual(full.mask[2]);
    expect(reordered.mask[0]).toEqual(full.mask[2]);
    expect(reordered.mask[1]).toEqual(full.mask[0]);
    expect(Math.abs(alone.logit[0]! - full.logit[2]!)).toBeLessThan(1e-5);
    expect(Math.abs(reordered.logit[0]! - full.logit[2]!)).toBeLessThan(1e-5);
  });
});
