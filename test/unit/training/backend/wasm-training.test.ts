import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { presets } from '../../../../src/training/config.ts';
import type { ImageBatch } from '../../../../src/training/data/batch-loader.ts';
import { SgdMomentum } from '../../../../src/training/loop/sgd-momentum.ts';
import { trainStep } from '../../../../src/training/loop/train-step.ts';
import { LearningToMask } from '../../../../src/training/model/learning-to-mask.ts';
import { Rng } from '../../../../src/util/rng.ts';
import { relativeError, wasmUnavailableReason } from './wasm-kernels/wasm-vs-cpu.ts';

const missing = await wasmUnavailableReason();
if (missing) console.warn(`skipping whole-model training on wasm: ${missing}`);

const preset = presets.tiny;
const batchSize = 4;

/**
 * Random-uniform pixels: continuous values, so max-pool windows, ReLUs and the top-k mask see no ties
 * that float32 reordering could flip between back ends.
 */
function batch(index: number): ImageBatch {
  const rng = new Rng([7, 'wasm-training-batch', index]);
  const size = preset.model.imageSize;
  const images = Float32Array.from({ length: batchSize * size * size * 3 }, () => rng.uniform());
  return { images, labels: Float32Array.from({ length: batchSize }, (_, i) => i % 2), samples: [], n: batchSize, imageSize: size };
}

async function gradientsOn(backend: 'wasm' | 'cpu'): Promise<Map<string, Float32Array>> {
  await tf.setBackend(backend);
  const model = new LearningToMask(preset.model, 3);
  const before = tf.memory().numTensors;
  const { images, labels } = batch(0);
  const x = tf.tensor4d(images, [batchSize, preset.model.imageSize, preset.model.imageSize, 3]);
  const y = tf.tensor1d(labels);
  const parameters = model.namedParameters();
  const { value, grads } = tf.variableGrads(() => model.loss(x, y, new Rng([3, 'wasm-training-step'])).total, parameters.map(([, v]) => v));
  const result = new Map<string, Float32Array>();
  for (const [name, variable] of parameters) result.set(name, Float32Array.from(await grads[variable.name]!.data()));
  tf.dispose([x, y, value, ...Object.values(grads)]);
  expect(tf.memory().numTensors, `tensors left on ${backend}`).toBe(before);
  model.dispose();
  return result;
}

async function lossesOn(backend: 'wasm' | 'cpu', steps: number): Promise<number[]> {
  await tf.setBackend(backend);
  const model = new LearningToMask(preset.model, 3);
  const optimizer = new SgdMomentum(model.namedParameters(), preset.train.momentum);
  const losses: number[] = [];
  try {
    for (let step = 0; step < steps; step++) {
      const loss = await trainStep(model, optimizer, batch(step % 4), new Rng([3, 'wasm-training', step]), preset.train.learningRate, step + 1);
      losses.push(loss.total);
    }
  } finally {
    optimizer.dispose();
    model.dispose();
  }
  return losses;
}

/**
 * `tiny` only, for now. On `small` (batch 4, the same pixels' rule) wasm's parameter gradients differ from
 * cpu's by up to about 3e-2 relative (worst in the teacher's dilated block13 and the student's block2),
 * while WebGPU's agree with cpu to 4e-6. Every kernel of that step, replayed on cpu with wasm's exact inputs,
 * agrees to 2e-5 and no ReLU input changes sign, so the cause is not yet found; training on wasm reaches the
 * same validation AUC as WebGPU within noise. Gradient tolerance 1e-4 relative (max |wasm - cpu| /
 * max(max |cpu|, 1e-3), per parameter): measured 5e-5 at worst on tiny, on a BatchNorm beta whose gradient
 * is a sum of cancelling terms.
 */
describe.skipIf(missing !== null)('training the tiny preset on wasm', () => {
  it('gives every parameter gradient of one batch-4 step within 1e-4 of cpu, relative to its largest value', { timeout: 120_000 }, async () => {
    const cpu = await gradientsOn('cpu');
    const wasm = await gradientsOn('wasm');
    expect([...wasm.keys()]).toEqual([...cpu.keys()]);
    const errors = [...cpu].map(([name, expected]) => ({ name, error: relativeError(wasm.get(name)!, expected) }));
    const worst = errors.reduce((a, b) => (b.error > a.error ? b : a));
    console.info(`wasm vs cpu, ${errors.length} parameter gradients of tiny: worst ${worst.error.toExponential(2)} (${worst.name})`);
    for (const { name, error } of errors) expect(error, name).toBeLessThanOrEqual(1e-4);
  });

  /**
   * Two tolerances, because SGD with momentum at this learning rate amplifies rounding: the first five
   * losses agree to about 1e-6, then differences grow about threefold a step. The cpu back end does the
   * same against itself: with every pixel scaled by 1 + 1e-6 its losses drifted by up to 5e-4 over 20 steps
   * (wasm vs cpu: up to 7e-3, from gradients that differ by ~5e-5 relative, each step). 2e-2 is about 1% of
   * the loss's fall over the run (2.33 to 0.42), far below what a wrong gradient kernel does.
   */
  it('follows cpu over 20 SGD steps: losses within 1e-5 for 5 steps and within 2e-2 for all 20', { timeout: 300_000 }, async () => {
    const cpu = await lossesOn('cpu', 20);
    const wasm = await lossesOn('wasm', 20);
    const differences = wasm.map((loss, i) => Math.abs(loss - cpu[i]!));
    console.info(`wasm vs cpu, 20 steps of tiny: losses ${cpu[0]!.toFixed(4)} -> ${cpu[19]!.toFixed(4)}, largest difference ${Math.max(...differences).toExponential(2)}; by step ${differences.map((d) => d.toExponential(1)).join(" ")}`);
    for (const [i, difference] of differences.entries()) expect(difference, `step ${i + 1}`).toBeLessThanOrEqual(i < 5 ? 1e-5 : 2e-2);
  });
});
