import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BatchNorm } from '../../../../src/training/modules/batch-norm.ts';
import { ConvBn } from '../../../../src/training/modules/conv-bn.ts';
import { SeparableConvBn } from '../../../../src/training/modules/separable-conv-bn.ts';
import { Rng } from '../../../../src/util/rng.ts';
import { expectClose, runEmitted } from './onnx-parity.ts';
import { randomizeVariable, randomNormal, useCpuBackend } from './tfjs-cpu.ts';

beforeAll(useCpuBackend);

/** Statistics far from 0/1 and gamma far from 1, so a wrong fold cannot pass. */
function trainedLooking(bn: BatchNorm): void {
  randomizeVariable(bn.gamma, 'gamma', 0.5, 1);
  randomizeVariable(bn.beta, 'beta', 0.5, 0);
  randomizeVariable(bn.movingMean, 'mean', 1, 0.5);
  randomizeVariable(bn.movingVariance, 'variance', 2, 1, true);
}

const modules = [
  ['ConvBn 3x3 stride 2 on 9x9', () => new ConvBn({ inChannels: 3, outChannels: 4, kernel: 3, stride: 2 }, new Rng(1)), 9],
  ['ConvBn 3x3 dilation 2 on 8x8', () => new ConvBn({ inChannels: 3, outChannels: 4, kernel: 3, dilation: 2 }, new Rng(2)), 8],
  ['ConvBn 1x1 stride 2 on 8x8', () => new ConvBn({ inChannels: 3, outChannels: 4, kernel: 1, stride: 2 }, new Rng(3)), 8],
  ['SeparableConvBn 3x3 on 7x7', () => new SeparableConvBn({ inChannels: 3, outChannels: 4, kernel: 3 }, new Rng(4)), 7],
  ['SeparableConvBn 3x3 dilation 2 on 8x8', () => new SeparableConvBn({ inChannels: 3, outChannels: 4, kernel: 3, dilation: 2 }, new Rng(5)), 8],
] as const;

describe('ConvBn and SeparableConvBn', () => {
  it.each(modules)('%s: folded graph matches tfjs inference (abs 1e-4) with no BatchNormalization node', async (_, make, size) => {
    const module = make();
    trainedLooking(module.bn);
    const x = randomNormal([2, size, size, 3], size) as tf.Tensor4D;
    const { outputs, graph } = await runEmitted(module, x, { layout: 'image', foldBatchNorm: true });
    expect(graph.opTypes).not.toContain('BatchNormalization');
    expectClose(outputs[0]!, module.forward(x, false), 1e-4);
  });

  it.each(modules)('%s: unfolded graph keeps a BatchNormalization node and matches tfjs (abs 1e-4)', async (_, make, size) => {
    const module = make();
    trainedLooking(module.bn);
    const x = randomNormal([2, size, size, 3], size) as tf.Tensor4D;
    const { outputs, graph } = await runEmitted(module, x, { layout: 'image', foldBatchNorm: false });
    expect(graph.opTypes.at(-1)).toBe('BatchNormalization');
    expectClose(outputs[0]!, module.forward(x, false), 1e-4);
  });

  it('folds into the convolution weights themselves: the folded Conv has a bias the unfolded one lacks', async () => {
    const module = new ConvBn({ inChannels: 2, outChannels: 3, kernel: 3 }, new Rng(6));
    trainedLooking(module.bn);
    const x = randomNormal([1, 5, 5, 2], 'fold') as tf.Tensor4D;
    const folded = await runEmitted(module, x, { layout: 'image', foldBatchNorm: true });
    const unfolded = await runEmitted(module, x, { layout: 'image', foldBatchNorm: false });
    expect(folded.graph.initializerNames.filter((name) => name.endsWith('bias'))).toHaveLength(1);
    expect(unfolded.graph.initializerNames.some((name) => name.endsWith('conv/bias'))).toBe(false);
  });

  it('has no convolution bias and names its BatchNorm bn', () => {
    const module = new ConvBn({ inChannels: 2, outChannels: 3, kernel: 3 }, new Rng(0));
    expect(module.namedParameters().map(([name]) => name)).toEqual(['conv.kernel', 'bn.gamma', 'bn.beta']);
    expect(module.namedBuffers().map(([name]) => name)).toEqual(['bn.moving_mean', 'bn.moving_variance']);
  });
});
