import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { GlobalAveragePool } from '../../../../src/training/modules/global-average-pool.ts';
import { MaxPool } from '../../../../src/training/modules/max-pool.ts';
import type { Padding } from '../../../../src/training/modules/padding.ts';
import { ReLU } from '../../../../src/training/modules/relu.ts';
import { expectClose, runEmitted } from './onnx-parity.ts';
import { randomNormal, useCpuBackend } from './tfjs-cpu.ts';

beforeAll(useCpuBackend);

describe('MaxPool', () => {
  it.each([
    ["3x3 stride 2 'same' on even 8x8 (Keras Xception)", 3, 2, 'same', 8, 4],
    ["3x3 stride 2 'same' on odd 9x9", 3, 2, 'same', 9, 5],
    ["3x3 stride 1 'same' (a dropped stride)", 3, 1, 'same', 7, 7],
    ['3x3 stride 2 pad 1 on 16x16 (torchvision ResNet stem)', 3, 2, 1, 16, 8],
    ['3x3 stride 2 pad 1 on 15x15', 3, 2, 1, 15, 8],
    ["2x2 stride 2 'valid' on 9x9", 2, 2, 'valid', 9, 4],
  ] as const)('ONNX MaxPool matches tfjs (abs 1e-6), %s', async (_, kernel, stride, padding: Padding, size, outSize) => {
    const pool = new MaxPool({ kernel, stride, padding });
    // Negative inputs: a pad that counted as 0 would win the max at the border.
    const x = tf.sub(randomNormal([2, size, size, 3], size), 3) as tf.Tensor4D;
    const y = pool.forward(x);
    expect(y.shape).toEqual([2, outSize, outSize, 3]);
    expect(pool.outputSize({ height: size, width: size })).toEqual({ height: outSize, width: outSize });
    const { outputs, graph } = await runEmitted(pool, x, { layout: 'image' });
    expect(graph.opTypes).toEqual(['MaxPool']);
    expectClose(outputs[0]!, y, 1e-6);
  });
});

describe('GlobalAveragePool', () => {
  it('averages NHWC over height and width to [N, c], and the ONNX graph matches (abs 1e-5)', async () => {
    const x = randomNormal([2, 3, 5, 4], 'gap') as tf.Tensor4D;
    const y = new GlobalAveragePool().forward(x);
    expect(y.shape).toEqual([2, 4]);
    const values = x.arraySync() as number[][][][];
    const expected = values.map((image) =>
      [0, 1, 2, 3].map((c) => image.flat().reduce((sum, pixel) => sum + pixel[c]!, 0) / 15),
    );
    expectClose(y, tf.tensor(expected), 1e-5);
    const { outputs, graph } = await runEmitted(new GlobalAveragePool(), x, { layout: 'image', outputLayouts: ['plain'] });
    expect(graph.opTypes).toEqual(['GlobalAveragePool', 'Flatten']);
    expectClose(outputs[0]!, y, 1e-5);
  });
});

describe('ReLU', () => {
  it('zeroes negatives in tfjs and in ONNX', async () => {
    const x = randomNormal([1, 2, 2, 3], 'relu') as tf.Tensor4D;
    const y = new ReLU().forward(x);
    expect(Array.from(y.dataSync())).toEqual(Array.from(x.dataSync(), (v) => Math.max(v, 0)));
    const { outputs } = await runEmitted(new ReLU(), x, { layout: 'image' });
    expectClose(outputs[0]!, y, 0);
  });
});
