import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerGradients } from '../../../../src/training/backend/register-gradients.ts';
import { featureGrid, presets, type ModelConfig } from '../../../../src/training/config.ts';
import { binaryCrossEntropyWithLogits } from '../../../../src/training/method/binary-cross-entropy.ts';
import { deepMixup } from '../../../../src/training/method/deep-mixup.ts';
import { LearningToMask } from '../../../../src/training/model/learning-to-mask.ts';
import { Rng } from '../../../../src/util/rng.ts';
import { maxAbsDifference, tinyBatch } from './tiny-batch.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await registerGradients();
});

const config = presets.tiny.model;
const { k } = featureGrid(config);

describe('LearningToMask.predict', () => {
  const model = new LearningToMask(config, 7);
  const { images } = tinyBatch(3, config.imageSize);
  const out = model.predict(images);

  it('returns every output in the contract shape', () => {
    expect(out.prob.shape).toEqual([3]);
    expect(out.logit.shape).toEqual([3]);
    expect(out.cnnLogit.shape).toEqual([3]);
    expect(out.vitLogit.shape).toEqual([3]);
    expect(out.attention.shape).toEqual([3, 16]);
    expect(out.mask.shape).toEqual([3, 16]);
    const sigmoid = [...out.logit.dataSync()].map((x) => 1 / (1 + Math.exp(-x)));
    expect(maxAbsDifference(out.prob.dataSync(), sigmoid)).toBeLessThan(1e-6);
  });

  it('masks exactly the k most attended positions', () => {
    const attention = out.attention.arraySync();
    out.mask.arraySync().forEach((row, n) => {
      const removed = row.flatMap((value, i) => (value === 0 ? [i] : []));
      expect(removed).toHaveLength(k);
      const threshold = Math.min(...removed.map((i) => attention[n]![i]!));
      row.forEach((value, i) => {
        if (value === 1) expect(attention[n]![i]).toBeLessThanOrEqual(threshold);
      });
    });
  });

  it('scores with the student on the masked features and running statistics', () => {
    const logit = model.student.forward(images, out.mask, false);
    expect(maxAbsDifference(logit.dataSync(), out.logit.dataSync())).toBeLessThan(1e-6);
  });

  it('is reproducible from the seed and differs between seeds', () => {
    const again = new LearningToMask(config, 7).predict(images);
    const other = new LearningToMask(config, 8).predict(images);
    expect([...again.logit.dataSync()]).toEqual([...out.logit.dataSync()]);
    expect([...again.attention.dataSync()]).toEqual([...out.attention.dataSync()]);
    // An untrained net's logits sit near 0 whatever its weights; the attention shows the seed better.
    expect([...other.logit.dataSync()]).not.toEqual([...out.logit.dataSync()]);
    expect(maxAbsDifference(other.attention.dataSync(), out.attention.dataSync())).toBeGreaterThan(1e-3);
  });

  it('leaves BatchNorm running statistics alone', () => {
    const before = model.namedBuffers().map(([, v]) => [...v.dataSync()]);
    model.predict(images);
    expect(model.namedBuffers().map(([, v]) => [...v.dataSync()])).toEqual(before);
  });
});

describe('LearningToMask.loss', () => {
  const { images, labels } = tinyBatch(4, config.imageSize, 3);

  it('is L^t_cls + L^t_vit + alpha L_div + L_s, all finite scalars', () => {
    const model = new LearningToMask(config, 1);
    const { total, parts } = model.loss(images, labels, new Rng([1, 'step', 0]));
    const value = (t: tf.Scalar) => t.dataSync()[0]!;
    for (const part of [total, ...Object.values(parts)]) {
      expect(part.shape).toEqual([]);
      expect(Number.isFinite(value(part))).toBe(true);
    }
    expect(value(parts.diversity)).toBeGreaterThan(0);
    expect(value(parts.diversity)).toBeLessThan((config.vit.heads - 1) / config.vit.heads);
    const sum = value(parts.teacherCnn) + value(parts.teacherVit) + config.diversityWeight * value(parts.diversity) + value(parts.student);
    expect(value(total)).toBeCloseTo(sum, 5);
  });

  it('computes each teacher part from its own branch: L^t_cls from cnnLogit, L^t_vit from vitLogit', () => {
    const model = new LearningToMask(config, 1);
    const { parts } = model.loss(images, labels, new Rng([1, 'step', 0]));
    // The same weights in training mode (batch statistics) give the logits the loss saw.
    const { cnnLogit, vitLogit } = model.teacher.forward(images, true);
    const bce = (logit: tf.Tensor1D) => binaryCrossEntropyWithLogits(logit, labels).dataSync()[0]!;
    // Precondition: the two branches' losses differ here, so a swap of the two could not go unnoticed.
    expect(Math.abs(bce(cnnLogit) - bce(vitLogit))).toBeGreaterThan(1e-4);
    expect(parts.teacherCnn.dataSync()[0]!).toBeCloseTo(bce(cnnLogit), 5);
    expect(parts.teacherVit.dataSync()[0]!).toBeCloseTo(bce(vitLogit), 5);
  });

  it('trains the student head on [F; F\'] with targets [y; y\'] drawn from the step Rng', () => {
    const model = new LearningToMask(config, 2);
    const studentLoss = model.loss(images, labels, new Rng([2, 'step', 5])).parts.student.dataSync()[0]!;
    // The same step by hand: the high mask draws nothing, so the Rng's first draws are the mixup's.
    const expected = tf.tidy(() => {
      const teacher = model.teacher.forward(images, true);
      const mask = model.maskFrom(teacher.attention, new Rng(0));
      const mixed = deepMixup(model.student.features(images, mask, true), labels, config.mixupAlpha, new Rng([2, 'step', 5]));
      expect(mixed.features.shape[0]).toBe(8);
      return binaryCrossEntropyWithLogits(model.student.classify(mixed.features), mixed.targets).dataSync()[0]!;
    });
    expect(studentLoss).toBeCloseTo(expected, 5);
  });

  it('trains the student head on F and y alone without mixup', () => {
    const model = new LearningToMask({ ...config, mixup: false }, 2);
    const studentLoss = model.loss(images, labels, new Rng(0)).parts.student.dataSync()[0]!;
    const expected = tf.tidy(() => {
      const mask = model.maskFrom(model.teacher.forward(images, true).attention, new Rng(0));
      return binaryCrossEntropyWithLogits(model.student.forward(images, mask, true), labels).dataSync()[0]!;
    });
    expect(studentLoss).toBeCloseTo(expected, 5);
  });

  it('gives every parameter a finite gradient under tf.variableGrads', () => {
    const model = new LearningToMask(config, 3);
    const { value, grads } = tf.variableGrads(() => model.loss(images, labels, new Rng(4)).total);
    expect(Number.isFinite(value.dataSync()[0]!)).toBe(true);
    const names = new Map(model.namedParameters().map(([name, variable]) => [variable.name, name]));
    const withGradient = Object.keys(grads).filter((name) => names.has(name));
    expect(withGradient).toHaveLength(names.size);
    for (const gradient of Object.values(grads)) expect([...gradient.dataSync()].every(Number.isFinite)).toBe(true);
    const nonZero = (prefix: string) => model.namedParameters().some(([name, v]) => name.startsWith(prefix) && tf.max(tf.abs(grads[v.name]!)).dataSync()[0]! > 0);
    expect(nonZero('teacher.backbone')).toBe(true);
    expect(nonZero('student.backbone')).toBe(true);
  });

  it('passes no gradient from the student loss into the teacher through the mask', () => {
    const model = new LearningToMask(config, 3);
    const teacherVariables = model.teacher.namedParameters().map(([, v]) => v);
    const { grads } = tf.variableGrads(() => model.loss(images, labels, new Rng(4)).parts.student, teacherVariables);
    const largest = Math.max(...Object.values(grads).map((g) => tf.max(tf.abs(g)).dataSync()[0]!));
    expect(largest).toBe(0);
  });

  it('moves BatchNorm running statistics', () => {
    const model = new LearningToMask(config, 3);
    const before = model.namedBuffers().map(([, v]) => [...v.dataSync()]);
    model.loss(images, labels, new Rng(0));
    expect(model.namedBuffers().map(([, v]) => [...v.dataSync()])).not.toEqual(before);
  });
});

describe('LearningToMask input checks', () => {
  it('rejects images of another size or layout, naming the expected shape', () => {
    const model = new LearningToMask(config, 0);
    expect(() => model.predict(tf.zeros([2, 3, 32, 32]) as tf.Tensor4D)).toThrow(/predict: images must be NHWC \[N, 32, 32, 3\] for this model, got \[2, 3, 32, 32\]/);
    expect(() => model.loss(tf.zeros([2, 32, 32, 3]) as tf.Tensor4D, tf.zeros([3]) as tf.Tensor1D, new Rng(0))).toThrow(/loss: 2 images but 3 labels/);
  });

  it('validates its config, naming the field', () => {
    const bad = { ...config, vit: { ...config.vit, heads: 3 } } as ModelConfig;
    expect(() => new LearningToMask(bad, 0)).toThrow(/vit\.dim must be divisible by vit\.heads \(3\), got 16/);
  });
});
