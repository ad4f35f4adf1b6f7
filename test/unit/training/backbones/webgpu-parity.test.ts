import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseBackend } from '../../../../src/training/backend/index.ts';
import { createBackbone } from '../../../../src/training/backbones/create-backbone.ts';
import type { BackboneConfig } from '../../../../src/training/config.ts';
import { LayerNorm } from '../../../../src/training/modules/layer-norm.ts';
import { MLP } from '../../../../src/training/modules/mlp.ts';
import { MultiHeadAttention } from '../../../../src/training/modules/multi-head-attention.ts';
import { Rng } from '../../../../src/util/rng.ts';
import { maxAbsDifference, randomNormal } from '../modules/tfjs-cpu.ts';
import { webGpuUnavailableReason } from '../../../helpers/webgpu-adapter.ts';

/**
 * The trainer's GPU back end runs the same module code: the paths written for tfjs's missing gradients
 * (space-to-batch for dilation, matMul for 1x1 convolutions) and BatchNorm's statistics must give the cpu
 * back end's numbers there too, within the WebGPU tolerance (1e-3, relative to the largest value).
 */
const missing = await webGpuUnavailableReason();
if (missing) console.warn(`skipping the backbone WebGPU parity test: ${missing}`);

interface Run {
  output: Float32Array;
  gradients: Float32Array[];
  runningMeans: Float32Array[];
}

/** Inference output, one training step's gradients, and the running means that step left. */
async function run(config: BackboneConfig, size: number): Promise<Run> {
  const net = createBackbone(config, new Rng([9, 'webgpu-parity']));
  const x = tf.sigmoid(randomNormal([2, size, size, 3], 'webgpu')) as tf.Tensor4D;
  const output = (await net.forward(x, false).data()) as Float32Array;
  const parameters = net.namedParameters().map(([, v]) => v);
  const { grads } = tf.variableGrads(() => tf.mean(tf.square(net.forward(x, true))) as tf.Scalar, parameters);
  const gradients = await Promise.all(parameters.map(async (v) => (await grads[v.name]!.data()) as Float32Array));
  const means = net.namedBuffers().filter(([name]) => name.endsWith('moving_mean'));
  const runningMeans = await Promise.all(means.map(async ([, v]) => (await v.data()) as Float32Array));
  tf.dispose([x, grads as never]);
  net.dispose();
  return { output, gradients, runningMeans };
}

function expectRelativelyClose(actual: Float32Array, expected: Float32Array, tolerance: number, what: string): void {
  const scale = Math.max(1, ...Array.from(expected, Math.abs));
  const { max, index } = maxAbsDifference(actual, expected);
  expect(max / scale, `${what}: |difference| ${max} at ${index} (scale ${scale})`).toBeLessThanOrEqual(tolerance);
}

/** The transformer-side modules the teacher trains on the same back end: attention (5-D reshapes), GELU (erf), LayerNorm. */
async function runTransformerModules(): Promise<Run> {
  const rng = new Rng([9, 'webgpu-transformer']);
  const norm = new LayerNorm({ features: 16 }, rng);
  const attention = new MultiHeadAttention({ dim: 16, heads: 4 }, rng);
  const mlp = new MLP({ features: 16, hidden: 32 }, rng);
  const x = randomNormal([2, 5, 16], 'webgpu-tokens') as tf.Tensor3D;
  const forward = () => {
    const attended = attention.forward(norm.forward(x));
    return { y: mlp.forward(tf.add(x, attended.output) as tf.Tensor3D), probabilities: attended.attention };
  };
  const { y, probabilities } = forward();
  const output = Float32Array.from([...(await y.data()), ...(await probabilities.data())]);
  const parameters = [norm, attention, mlp].flatMap((module) => module.namedParameters().map(([, v]) => v));
  const { grads } = tf.variableGrads(() => tf.mean(tf.square(forward().y)) as tf.Scalar, parameters);
  const gradients = await Promise.all(parameters.map(async (v) => (await grads[v.name]!.data()) as Float32Array));
  tf.dispose([x, y, probabilities, grads as never]);
  for (const module of [norm, attention, mlp]) module.dispose();
  return { output, gradients, runningMeans: [] };
}

const configs: Array<[string, BackboneConfig, number]> = [
  [
    'xception w0.125 stride 8 (dilated separable convs, strided 1x1 shortcuts)',
    { architecture: 'xception', widthMultiplier: 0.125, outputStride: 8, middleBlocks: 1 },
    32,
  ],
  ['resnet18 w0.125 stride 8 (dilated 3x3 convs, explicit pads)', { architecture: 'resnet18', widthMultiplier: 0.125, outputStride: 8 }, 32],
];

describe.skipIf(missing !== null)('backbones on the WebGPU back end', () => {
  // Dawn is started once per process (a second start has crashed lavapipe), so the cpu references come first.
  const references = new Map<string, Run>();
  beforeAll(async () => {
    await chooseBackend('cpu');
    for (const [name, config, size] of configs) references.set(name, await run(config, size));
    references.set('transformer', await runTransformerModules());
    await chooseBackend('webgpu');
  });
  afterAll(async () => {
    await chooseBackend('cpu');
  });

  it.each(configs)('%s: output, gradients and running means match the cpu back end', async (name, config, size) => {
    const cpu = references.get(name)!;
    const gpu = await run(config, size);
    expectRelativelyClose(gpu.output, cpu.output, 1e-3, 'inference output');
    cpu.gradients.forEach((expected, i) => expectRelativelyClose(gpu.gradients[i]!, expected, 1e-3, `gradient ${i}`));
    cpu.runningMeans.forEach((expected, i) => expectRelativelyClose(gpu.runningMeans[i]!, expected, 1e-3, `running mean ${i}`));
  });

  it('LayerNorm, MultiHeadAttention and MLP: outputs, attention probabilities and gradients match the cpu back end', async () => {
    const cpu = references.get('transformer')!;
    const gpu = await runTransformerModules();
    expectRelativelyClose(gpu.output, cpu.output, 1e-3, 'outputs and probabilities');
    cpu.gradients.forEach((expected, i) => expectRelativelyClose(gpu.gradients[i]!, expected, 1e-3, `gradient ${i}`));
  });
});
