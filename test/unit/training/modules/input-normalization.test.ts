import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { InputNormalization } from '../../../../src/training/modules/input-normalization.ts';
import { expectClose, runEmitted } from './onnx-parity.ts';
import { useCpuBackend } from './tfjs-cpu.ts';

beforeAll(useCpuBackend);

describe('InputNormalization', () => {
  const module = new InputNormalization({ mean: [0.5, 0.25, 0], std: [0.5, 2, 1] });
  const x = tf.tensor4d([0, 0.5, 1, 1, 0.25, 0.5], [1, 1, 2, 3]);

  it('computes (x - mean) / std per channel of NHWC, and holds no state', () => {
    expect(Array.from(module.forward(x).dataSync())).toEqual([-1, 0.125, 1, 1, 0, 0.5]);
    expect(module.namedState()).toEqual([]);
  });

  it('is Sub then Div in ONNX, with the same results on onnxruntime', async () => {
    const { outputs, graph } = await runEmitted(module, x, { layout: 'image' });
    expect(graph.opTypes).toEqual(['Sub', 'Div']);
    expectClose(outputs[0]!, module.forward(x), 0);
  });

  it('refuses a std that is not positive, or lists of different lengths', () => {
    expect(() => new InputNormalization({ mean: [0, 0, 0], std: [1, 0, 1] })).toThrow(/expected finite means and std > 0/);
    expect(() => new InputNormalization({ mean: [0, 0], std: [1, 1, 1] })).toThrow(/one value per channel, got 2 and 3/);
  });
});
