import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { GELU } from '../../../../src/training/modules/gelu.ts';
import { expectClose, runEmitted } from './onnx-parity.ts';
import { randomNormal, useCpuBackend } from './tfjs-cpu.ts';

beforeAll(useCpuBackend);

/** Reference values of x * Phi(x) (exact GELU), from the standard normal CDF. */
const reference: Array<[number, number]> = [
  [-3, -0.0040496941],
  [-1, -0.1586552539],
  [-0.5, -0.1542687602],
  [0, 0],
  [0.5, 0.3457312398],
  [1, 0.8413447461],
  [2, 1.9544997361],
];

describe('GELU', () => {
  it('is the exact erf form, not the tanh approximation (abs 1e-6 against x * Phi(x))', () => {
    const y = new GELU().forward(tf.tensor(reference.map(([x]) => x)));
    expectClose(y, tf.tensor(reference.map(([, value]) => value)), 1e-6);
  });

  it('has a tfjs gradient equal to Phi(x) + x * phi(x)', () => {
    const xs = [-1.5, -0.2, 0.3, 2];
    const gradient = tf.grad((x: tf.Tensor) => tf.sum(new GELU().forward(x)))(tf.tensor(xs));
    const phi = (x: number) => Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
    const cdf = (x: number) => 0.5 * (1 + erf(x / Math.SQRT2));
    expectClose(gradient, tf.tensor(xs.map((x) => cdf(x) + x * phi(x))), 1e-5);
  });

  it('matches ONNX Div, Erf, Add, Mul, Mul (abs 1e-5)', async () => {
    const x = tf.mul(randomNormal([2, 5, 8], 'gelu'), 2);
    const { outputs, graph } = await runEmitted(new GELU(), x, { layout: 'plain' });
    expect(graph.opTypes).toEqual(['Div', 'Erf', 'Add', 'Mul', 'Mul']);
    expectClose(outputs[0]!, new GELU().forward(x), 1e-5);
  });
});

/** erf by its Maclaurin series, accurate to ~1e-12 for |x| < 3. */
function erf(x: number): number {
  let term = x;
  let sum = x;
  for (let n = 1; n < 80; n++) {
    term *= (-x * x) / n;
    sum += term / (2 * n + 1);
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}
