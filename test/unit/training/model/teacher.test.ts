import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { presets, type ModelConfig } from '../../../../src/training/config.ts';
import { Teacher } from '../../../../src/training/model/teacher.ts';
import { Rng } from '../../../../src/util/rng.ts';
import { maxAbsDifference, tinyBatch } from './tiny-batch.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const config = presets.tiny.model;

describe('Teacher', () => {
  it('gives the logits, the attention map and the per-head attention in the documented shapes', () => {
    const teacher = new Teacher(config, new Rng(1));
    const { images } = tinyBatch(3, config.imageSize);
    const out = teacher.forward(images, false);
    const tokens = 1 + 4 * 4;
    expect(out.cnnLogit.shape).toEqual([3]);
    expect(out.vitLogit.shape).toEqual([3]);
    expect(out.attention.shape).toEqual([3, 16]);
    expect(out.headAttention.shape).toEqual([3, config.vit.heads, tokens, tokens]);
  });

  it('takes the attention map from the class-token row of the head-averaged last block, spatial columns only', () => {
    const teacher = new Teacher({ ...config, vit: { ...config.vit, blocks: 2 } }, new Rng(2));
    const { images } = tinyBatch(2, config.imageSize, 5);
    const out = teacher.forward(images, false);
    // The last block's attention, found by running the tokens through the blocks here, not taken from forward.
    const lastBlockAttention = tf.tidy(() => {
      let tokens = teacher.embedding.forward(teacher.backbone.forward(images, false));
      let attention: tf.Tensor4D | undefined;
      for (const block of teacher.blocks) ({ output: tokens, attention } = block.forward(tokens));
      return attention!;
    });
    expect(maxAbsDifference(out.headAttention.dataSync(), lastBlockAttention.dataSync())).toBeLessThan(1e-6);
    const perHead = lastBlockAttention.arraySync();
    const expected = perHead.flatMap((heads) =>
      Array.from({ length: 16 }, (_, j) => heads.reduce((sum, head) => sum + head[0]![1 + j]!, 0) / heads.length));
    expect(maxAbsDifference(out.attention.dataSync(), expected)).toBeLessThan(1e-6);
    // The class token's attention to itself is the rest of the row: the map sums to less than 1.
    for (const row of out.attention.arraySync()) {
      const sum = row.reduce((a, b) => a + b, 0);
      expect(sum).toBeGreaterThan(0);
      expect(sum).toBeLessThan(1);
      expect(Math.min(...row)).toBeGreaterThan(0);
    }
  });

  it('names its parameters by their place in the tree', () => {
    const names = new Teacher(config, new Rng(1)).namedParameters().map(([name]) => name);
    expect(names).toContain('embedding.class_token');
    expect(names).toContain('embedding.position_embedding');
    expect(names).toContain('block0.attention.qkv.kernel');
    expect(names).toContain('vit_head.kernel');
    expect(names).toContain('cnn_head.bias');
  });

  it('rejects a backbone whose feature map is not the mask grid', () => {
    const wrong: ModelConfig = { ...config, imageSize: 36 };
    expect(() => new Teacher(wrong, new Rng(1))).toThrow(/teacherBackbone: a 36 px image gives a 4x4 feature map, but the mask grid's side is imageSize \/ outputStride = 36 \/ 8 = 4.5/);
  });
});
