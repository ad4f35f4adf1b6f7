import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { Linear } from '../../../../src/training/modules/linear.ts';
import { Rng } from '../../../../src/util/rng.ts';
import { expectClose, runEmitted } from './onnx-parity.ts';
import { randomNormal, useCpuBackend } from './tfjs-cpu.ts';

beforeAll(useCpuBackend);

describe('Linear', () => {
  it('computes x W + b on [N, c] (checked against a hand loop)', () => {
    const linear = new Linear({ inFeatures: 3, outFeatures: 2 }, new Rng(1));
    linear.bias!.assign(tf.tensor([0.5, -1]));
    const x = randomNormal([4, 3], 'x');
    const [w, b, rows] = [linear.kernel.arraySync() as number[][], [0.5, -1], x.arraySync() as number[][]];
    const expected = rows.map((row) => [0, 1].map((o) => b[o]! + row.reduce((sum, v, i) => sum + v * w[i]![o]!, 0)));
    expectClose(linear.forward(x as tf.Tensor2D), tf.tensor(expected), 1e-5);
  });

  it('applies the same weights to every token of [N, T, c]', () => {
    const linear = new Linear({ inFeatures: 3, outFeatures: 2 }, new Rng(2));
    const x = randomNormal([2, 5, 3], 'tokens') as tf.Tensor3D;
    const y = linear.forward(x);
    expect(y.shape).toEqual([2, 5, 2]);
    const flat = linear.forward(tf.reshape(x, [10, 3]) as tf.Tensor2D);
    expectClose(tf.reshape(y, [10, 2]), flat, 0);
  });

  it.each([
    ['[N, c]', [4, 6]],
    ['[N, T, c]', [2, 5, 6]],
  ] as const)('ONNX MatMul + Add matches tfjs on %s (abs 1e-5)', async (_, shape) => {
    const linear = new Linear({ inFeatures: 6, outFeatures: 3 }, new Rng(3));
    linear.bias!.assign(randomNormal([3], 'bias'));
    const x = randomNormal([...shape], shape.length) as tf.Tensor2D;
    const { outputs, graph } = await runEmitted(linear, x, { layout: 'plain' });
    expect(graph.opTypes).toEqual(['MatMul', 'Add']);
    expectClose(outputs[0]!, linear.forward(x), 1e-5);
  });

  it('omits the bias when asked', async () => {
    const linear = new Linear({ inFeatures: 2, outFeatures: 2, bias: false }, new Rng(4));
    expect(linear.namedParameters().map(([name]) => name)).toEqual(['kernel']);
    const { graph } = await runEmitted(linear, randomNormal([1, 2], 'b'), { layout: 'plain' });
    expect(graph.opTypes).toEqual(['MatMul']);
  });
});
