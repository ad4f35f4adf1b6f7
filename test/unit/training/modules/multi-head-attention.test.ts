import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { MultiHeadAttention } from '../../../../src/training/modules/multi-head-attention.ts';
import { Rng } from '../../../../src/util/rng.ts';
import { expectClose, runEmitted } from './onnx-parity.ts';
import { randomNormal, useCpuBackend } from './tfjs-cpu.ts';

beforeAll(useCpuBackend);

/** One head's attention written out row by row: softmax(q_i . k_j / sqrt(d)) over j. */
function handAttention(x: number[][], wq: number[][], wk: number[][], bq: number[], bk: number[]): number[][] {
  const project = (w: number[][], b: number[]) => x.map((token) => b.map((bias, o) => bias + token.reduce((s, v, i) => s + v * w[i]![o]!, 0)));
  const [q, k] = [project(wq, bq), project(wk, bk)];
  const scale = 1 / Math.sqrt(bq.length);
  return q.map((qi) => {
    const scores = k.map((kj) => scale * qi.reduce((s, v, d) => s + v * kj[d]!, 0));
    const top = Math.max(...scores);
    const exps = scores.map((s) => Math.exp(s - top));
    const total = exps.reduce((a, b) => a + b, 0);
    return exps.map((e) => e / total);
  });
}

describe('MultiHeadAttention', () => {
  const dim = 8;
  const heads = 2;
  const make = (seed: number) => {
    const mha = new MultiHeadAttention({ dim, heads }, new Rng(seed));
    mha.qkv.bias!.assign(randomNormal([3 * dim], `qkv-bias-${seed}`));
    return mha;
  };

  it('returns the output [N, T, dim] and per-head probabilities [N, heads, T, T] whose rows sum to 1', () => {
    const mha = make(1);
    const { output, attention } = mha.forward(tf.mul(randomNormal([2, 5, dim], 'x'), 2) as tf.Tensor3D);
    expect(output.shape).toEqual([2, 5, dim]);
    expect(attention.shape).toEqual([2, heads, 5, 5]);
    expectClose(tf.sum(attention, -1), tf.ones([2, heads, 5]), 1e-6);
    expect(tf.min(attention).dataSync()[0]).toBeGreaterThanOrEqual(0);
  });

  it('computes each head as scaled dot-product softmax of its slice of the fused q/k/v projection', () => {
    const mha = make(2);
    const x = randomNormal([1, 4, dim], 'hand') as tf.Tensor3D;
    const { attention } = mha.forward(x);
    const kernel = mha.qkv.kernel.arraySync() as number[][];
    const bias = Array.from(mha.qkv.bias!.dataSync());
    const tokens = (x.arraySync() as number[][][])[0]!;
    const headDim = dim / heads;
    for (let h = 0; h < heads; h++) {
      const columns = (offset: number) => kernel.map((row) => row.slice(offset + h * headDim, offset + (h + 1) * headDim));
      const biases = (offset: number) => bias.slice(offset + h * headDim, offset + (h + 1) * headDim);
      const expected = handAttention(tokens, columns(0), columns(dim), biases(0), biases(dim));
      const actual = tf.reshape(tf.slice(attention, [0, h, 0, 0], [1, 1, 4, 4]), [4, 4]);
      expectClose(actual, tf.tensor(expected), 1e-5);
    }
  });

  it('matches its ONNX graph on both outputs (abs 1e-4)', async () => {
    const mha = make(3);
    const x = randomNormal([2, 6, dim], 'onnx') as tf.Tensor3D;
    const { output, attention } = mha.forward(x);
    const { outputs } = await runEmitted(mha, x, { layout: 'plain' });
    expectClose(outputs[0]!, output, 1e-4);
    expectClose(outputs[1]!, attention, 1e-4);
  });

  it('keeps only its two outputs: no tensor leaks', () => {
    const mha = make(4);
    const x = randomNormal([1, 3, dim], 'leak') as tf.Tensor3D;
    const before = tf.memory().numTensors;
    const { output, attention } = mha.forward(x);
    expect(tf.memory().numTensors).toBe(before + 2);
    tf.dispose([output, attention]);
  });

  it('rejects heads that do not divide dim, naming both', () => {
    expect(() => new MultiHeadAttention({ dim: 10, heads: 3 }, new Rng(0))).toThrow(/dividing dim 10, got 3/);
  });
});
