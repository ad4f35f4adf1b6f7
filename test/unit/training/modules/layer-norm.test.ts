import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { LayerNorm } from '../../../../src/training/modules/layer-norm.ts';
import { Rng } from '../../../../src/util/rng.ts';
import { expectClose, runEmitted } from './onnx-parity.ts';
import { randomizeVariable, randomNormal, useCpuBackend } from './tfjs-cpu.ts';

beforeAll(useCpuBackend);

describe('LayerNorm', () => {
  it('normalises each token over its features, then scales and shifts (checked by hand)', () => {
    const norm = new LayerNorm({ features: 4 }, new Rng(0));
    randomizeVariable(norm.gamma, 'gamma', 0.5, 1);
    randomizeVariable(norm.beta, 'beta', 0.5, 0);
    const x = tf.add(tf.mul(randomNormal([2, 3, 4], 'x'), 3), 1);
    const [gamma, beta] = [norm.gamma.dataSync(), norm.beta.dataSync()];
    const expected = (x.arraySync() as number[][][]).map((tokens) =>
      tokens.map((token) => {
        const mean = token.reduce((a, b) => a + b, 0) / 4;
        const variance = token.reduce((a, b) => a + (b - mean) ** 2, 0) / 4;
        return token.map((v, i) => ((v - mean) / Math.sqrt(variance + 1e-6)) * gamma[i]! + beta[i]!);
      }),
    );
    expectClose(norm.forward(x), tf.tensor(expected), 1e-5);
  });

  it('has gamma 1 and beta 0 at initialisation', () => {
    const norm = new LayerNorm({ features: 3 }, new Rng(0));
    expect(Array.from(norm.gamma.dataSync())).toEqual([1, 1, 1]);
    expect(Array.from(norm.beta.dataSync())).toEqual([0, 0, 0]);
  });

  it('matches ONNX LayerNormalization on [N, T, c] (abs 1e-4)', async () => {
    const norm = new LayerNorm({ features: 8 }, new Rng(0));
    randomizeVariable(norm.gamma, 'gamma', 0.5, 1);
    randomizeVariable(norm.beta, 'beta', 0.5, 0);
    const x = tf.mul(randomNormal([2, 5, 8], 'onnx'), 2);
    const { outputs, graph } = await runEmitted(norm, x, { layout: 'plain' });
    expect(graph.opTypes).toEqual(['LayerNormalization']);
    expectClose(outputs[0]!, norm.forward(x), 1e-4);
  });
});
