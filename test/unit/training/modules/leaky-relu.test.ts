import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { LeakyReLU } from '../../../../src/training/modules/leaky-relu.ts';
import { expectClose, runEmitted } from './onnx-parity.ts';
import { randomNormal, useCpuBackend } from './tfjs-cpu.ts';

beforeAll(useCpuBackend);

describe('LeakyReLU', () => {
  it('keeps positives and scales negatives by alpha', () => {
    const y = new LeakyReLU({ alpha: 0.1, channels: 1 }).forward(tf.tensor4d([-2, -0.5, 0, 3], [1, 2, 2, 1]));
    expect(Array.from(y.dataSync())).toEqual([Math.fround(-0.2), Math.fround(-0.05), 0, 3]);
  });

  it('matches ONNX LeakyRelu (abs 1e-7)', async () => {
    const module = new LeakyReLU({ alpha: 0.1, channels: 3 });
    const x = randomNormal([2, 5, 4, 3], 'leaky') as tf.Tensor4D;
    const { outputs, graph } = await runEmitted(module, x, { layout: 'image' });
    expect(graph.opTypes).toEqual(['LeakyRelu']);
    expectClose(outputs[0]!, module.forward(x), 1e-7);
  });

  it('refuses an alpha outside (0, 1), naming it', () => {
    expect(() => new LeakyReLU({ alpha: 1.5, channels: 1 })).toThrow(/alpha must be in \(0, 1\), got 1.5/);
  });
});
