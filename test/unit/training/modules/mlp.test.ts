import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { MLP } from '../../../../src/training/modules/mlp.ts';
import { Rng } from '../../../../src/util/rng.ts';
import { expectClose, runEmitted } from './onnx-parity.ts';
import { randomNormal, useCpuBackend } from './tfjs-cpu.ts';

beforeAll(useCpuBackend);

describe('MLP', () => {
  it('is fc2(GELU(fc1(x))) with fc1 features -> hidden and fc2 hidden -> features', () => {
    const mlp = new MLP({ features: 6, hidden: 10 }, new Rng(1));
    expect(mlp.namedParameters().map(([name, v]) => [name, v.shape])).toEqual([
      ['fc1.kernel', [6, 10]],
      ['fc1.bias', [10]],
      ['fc2.kernel', [10, 6]],
      ['fc2.bias', [6]],
    ]);
    const x = randomNormal([2, 4, 6], 'x') as tf.Tensor3D;
    const expected = mlp.fc2.forward(mlp.gelu.forward(mlp.fc1.forward(x)));
    expectClose(mlp.forward(x), expected, 0);
  });

  it('matches its ONNX graph on tokens [N, T, c] (abs 1e-4)', async () => {
    const mlp = new MLP({ features: 8, hidden: 16 }, new Rng(2));
    mlp.fc1.bias!.assign(randomNormal([16], 'b1'));
    const x = randomNormal([2, 5, 8], 'onnx') as tf.Tensor3D;
    const { outputs, graph } = await runEmitted(mlp, x, { layout: 'plain' });
    expect(graph.opTypes).toEqual(['MatMul', 'Add', 'Div', 'Erf', 'Add', 'Mul', 'Mul', 'MatMul', 'Add']);
    expectClose(outputs[0]!, mlp.forward(x), 1e-4);
  });
});
