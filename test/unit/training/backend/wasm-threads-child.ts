import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { registerGradients } from '../../../../src/training/backend/register-gradients.ts';
import { wasmBackend } from '../../../../src/training/backend/wasm-backend.ts';
import { Rng } from '../../../../src/util/rng.ts';
import { relativeError } from './wasm-kernels/relative-error.ts';

/**
 * Run by wasm-threads.test.ts in a process of its own, with FTD_WASM_THREADS set: activates wasm, takes a
 * convolution's input and filter gradients on wasm and on cpu, prints one JSON line, and returns without
 * calling process.exit, so the test also sees whether the pool's workers let the process end.
 */
await registerGradients();
const { device } = await wasmBackend.activate();

function normals(shape: number[], seed: string): tf.Tensor {
  const rng = new Rng(['wasm-threads-test', seed]);
  return tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b) }, () => rng.normal()), shape);
}

async function gradientsOn(backend: 'wasm' | 'cpu'): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  (tf.backend() as { firstUse?: boolean }).firstUse = false;
  const x = normals([4, 24, 24, 16], 'x') as tf.Tensor4D;
  const filter = normals([3, 3, 16, 32], 'filter') as tf.Tensor4D;
  const weights = normals([4, 12, 12, 32], 'weights');
  const loss = (a: tf.Tensor, w: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, w as tf.Tensor4D, 2, 'same'), weights));
  const grads = tf.grads(loss)([x, filter]);
  const values = await Promise.all(grads.map(async (g) => Float32Array.from(await g.data())));
  tf.dispose([x, filter, weights, ...grads]);
  return values;
}

const wasm = await gradientsOn('wasm');
const cpu = await gradientsOn('cpu');
const errors = wasm.map((values, i) => relativeError(values, cpu[i]!));
process.stdout.write(`${JSON.stringify({ device, dx: errors[0], dw: errors[1] })}\n`);
