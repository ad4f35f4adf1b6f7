import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { presets } from '../../../../src/training/config.ts';
import { Student } from '../../../../src/training/model/student.ts';
import { Rng } from '../../../../src/util/rng.ts';
import { maxAbsDifference, tinyBatch } from './tiny-batch.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const config = presets.tiny.model;

describe('Student', () => {
  const student = new Student(config, new Rng(4));
  const { images } = tinyBatch(2, config.imageSize, 9);
  const mask = tf.tensor2d([
    [1, 0, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 0, 1, 1, 0],
    [0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
  ]);

  it('pools the masked map over all h*w positions: removed positions count as zeros', () => {
    const features = student.features(images, mask, false);
    const channels = student.backbone.outChannels;
    expect(features.shape).toEqual([2, channels]);
    const map = student.backbone.forward(images, false).arraySync(); // [N, 4, 4, c]
    const keep = mask.arraySync();
    const expected = map.flatMap((rows, n) => Array.from({ length: channels }, (_, c) => {
      let sum = 0;
      rows.forEach((row, y) => row.forEach((pixel, x) => (sum += keep[n]![y * 4 + x]! * pixel[c]!)));
      return sum / 16;
    }));
    expect(maxAbsDifference(features.dataSync(), expected)).toBeLessThan(1e-5);
  });

  it('classifies features of any batch size into one logit each', () => {
    const logits = student.forward(images, mask, false);
    expect(logits.shape).toEqual([2]);
    const doubled = student.classify(tf.concat([student.features(images, mask, false), student.features(images, mask, false)]));
    expect(doubled.shape).toEqual([4]);
    expect(maxAbsDifference(doubled.dataSync().slice(2), logits.dataSync())).toBeLessThan(1e-6);
  });

  it('gets the 8x8 grid of the small preset from its 64 px input', () => {
    const small = new Student(presets.small.model, new Rng(1));
    expect(small.grid).toEqual({ h: 8, w: 8 });
    expect(small.backbone.featureSize(64)).toEqual({ h: 8, w: 8 });
    small.dispose();
  });

  it('rejects a mask that does not fit the feature grid', () => {
    expect(() => student.forward(images, tf.ones([2, 9]), false)).toThrow(/Student: mask must be \[2, 16\] for a 4x4 feature map, got \[2, 9\]/);
  });
});
