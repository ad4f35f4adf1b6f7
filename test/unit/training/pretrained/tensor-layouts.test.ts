import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { toTfjsLayout } from '../../../../src/training/pretrained/tensor-layouts.ts';
import { slot } from '../../../../src/training/pretrained/weight-slot.ts';
import { useCpuBackend } from '../modules/tfjs-cpu.ts';

beforeAll(useCpuBackend);

/** Each value encodes its PyTorch index, so a misplaced one names where it came from. */
const indexed = (shape: number[], code: (index: number[]) => number) => {
  const values: number[] = [];
  const visit = (prefix: number[]) => {
    if (prefix.length === shape.length) values.push(code(prefix));
    else for (let i = 0; i < shape[prefix.length]!; i++) visit([...prefix, i]);
  };
  visit([]);
  return Float32Array.from(values);
};

describe('toTfjsLayout', () => {
  it('turns a PyTorch convolution weight OIHW into tfjs HWIO', () => {
    const target = tf.variable(tf.zeros([2, 3, 4, 5])); // [kh, kw, in, out]
    const weight = slot('conv.weight', target, 'oihw');
    expect(weight.shape).toEqual([5, 4, 2, 3]);
    const data = indexed([5, 4, 2, 3], ([o, i, y, x]) => 1000 * o! + 100 * i! + 10 * y! + x!);
    const hwio = tf.tensor(toTfjsLayout(data, weight), [2, 3, 4, 5]).arraySync() as number[][][][];
    expect(hwio[1]![2]![3]![4]).toBe(4312);
    expect(hwio[0]![1]![2]![0]).toBe(201);
    target.dispose();
  });

  it('turns a depthwise weight [C * M, 1, kh, kw] into [kh, kw, C, M], output channel c * M + m from input c', () => {
    const target = tf.variable(tf.zeros([3, 3, 4, 2])); // [kh, kw, C, M]
    const weight = slot('conv1.weight', target, 'depthwise-oihw');
    expect(weight.shape).toEqual([8, 1, 3, 3]);
    const data = indexed([8, 1, 3, 3], ([g, , y, x]) => 100 * g! + 10 * y! + x!);
    const hwcm = tf.tensor(toTfjsLayout(data, weight), [3, 3, 4, 2]).arraySync() as number[][][][];
    expect(hwcm[2]![1]![3]![1]).toBe(100 * (3 * 2 + 1) + 21);
    expect(hwcm[0]![2]![0]![0]).toBe(2);
    target.dispose();
  });

  it('leaves Keras tensors and BatchNorm vectors as they are', () => {
    const target = tf.variable(tf.zeros([3]));
    const data = Float32Array.of(1, 2, 3);
    expect(toTfjsLayout(data, slot('bn.weight', target, 'as-is'))).toBe(data);
    target.dispose();
  });
});
