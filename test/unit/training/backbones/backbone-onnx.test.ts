import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createBackbone } from '../../../../src/training/backbones/create-backbone.ts';
import type { BackboneConfig } from '../../../../src/training/config.ts';
import { BatchNorm } from '../../../../src/training/modules/batch-norm.ts';
import type { Module } from '../../../../src/training/modules/module.ts';
import { Rng } from '../../../../src/util/rng.ts';
import { checkWithReferenceOnnx, referenceOnnx } from '../../../helpers/onnx-checker.ts';
import { emitGraph, expectClose, runEmitted } from '../modules/onnx-parity.ts';
import { randomizeVariable, randomNormal, useCpuBackend } from '../modules/tfjs-cpu.ts';

beforeAll(useCpuBackend);

/** Gives every BatchNorm statistics and affine terms away from 0/1, so folding and layout mistakes show. */
function trainedLooking(root: Module): void {
  const visit = (module: Module, path: string) => {
    if (module instanceof BatchNorm) {
      randomizeVariable(module.gamma, `${path}gamma`, 0.1, 1);
      randomizeVariable(module.beta, `${path}beta`, 0.1, 0);
      randomizeVariable(module.movingMean, `${path}mean`, 0.1, 0);
      randomizeVariable(module.movingVariance, `${path}variance`, 0.3, 1, true);
    }
    for (const [name, child] of module.children) visit(child, `${path}${name}.`);
  };
  visit(root, '');
}

const configs: Array<[string, BackboneConfig, number]> = [
  ['xception w0.125 stride 8, 32 px', { architecture: 'xception', widthMultiplier: 0.125, outputStride: 8, middleBlocks: 1 }, 32],
  ['xception w0.125 stride 16, odd 35 px', { architecture: 'xception', widthMultiplier: 0.125, outputStride: 16, middleBlocks: 1 }, 35],
  ['resnet18 w0.125 stride 8, odd 37 px', { architecture: 'resnet18', widthMultiplier: 0.125, outputStride: 8 }, 37],
  ['resnet34 w0.125 stride 32, 64 px', { architecture: 'resnet34', widthMultiplier: 0.125, outputStride: 32 }, 64],
  // Even sizes are where timm's pools (one pixel of padding each side) differ from Keras's 'same' ones.
  ['xception-timm w0.125 stride 16, 32 px', { architecture: 'xception-timm', widthMultiplier: 0.125, outputStride: 16, middleBlocks: 1 }, 32],
  ['xception-timm w0.125 stride 32, odd 35 px', { architecture: 'xception-timm', widthMultiplier: 0.125, outputStride: 32, middleBlocks: 0 }, 35],
  ['resnet18 w0.125 stride 8, 32 px, ImageNet input scaling', { architecture: 'resnet18', widthMultiplier: 0.125, outputStride: 8, inputNormalization: { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] } }, 32],
];

describe('backbone ONNX graphs', () => {
  describe.each([true, false])('foldBatchNorm %s', (foldBatchNorm) => {
    it.each(configs)('%s: onnxruntime cpu matches tfjs inference (abs 1e-4)', async (_, config, size) => {
      const net = createBackbone(config, new Rng(4));
      trainedLooking(net);
      const x = tf.sigmoid(randomNormal([2, size, size, 3], size)) as tf.Tensor4D;
      const expected = net.forward(x, false);
      // Outputs of order 1, so the absolute tolerance is a tight one.
      expect(tf.max(tf.abs(expected)).dataSync()[0]).toBeGreaterThan(0.5);
      const { outputs, graph } = await runEmitted(net, x, { layout: 'image', foldBatchNorm });
      expect(graph.opTypes.includes('BatchNormalization')).toBe(!foldBatchNorm);
      expectClose(outputs[0]!, expected, 1e-4);
      net.dispose();
    });
  });

  it.each([
    ['xception', 1e-3],
    ['xception-timm', 1e-5],
    ['resnet18', 1e-5],
  ] as const)('keeps %s\'s BatchNorm epsilon (%s) in the graph\'s BatchNormalization nodes', (architecture, epsilon) => {
    const net = createBackbone({ architecture, widthMultiplier: 0.125, outputStride: 8, middleBlocks: 0 }, new Rng(6));
    const { batchNormEpsilons } = emitGraph(net, [1, 3, 32, 32], false);
    expect(batchNormEpsilons.length).toBe(net.namedBuffers().length / 2);
    expect(new Set(batchNormEpsilons)).toEqual(new Set([epsilon]));
    net.dispose();
  });

  const reference = referenceOnnx();
  if (!reference.available) console.warn(`skipping the reference ONNX checker: ${reference.reason}`);
  it.skipIf(!reference.available)('passes the reference ONNX checker (full_check) for xception and resnet18', () => {
    for (const [, config, size] of [configs[0]!, configs[2]!]) {
      const net = createBackbone(config, new Rng(5));
      expect(checkWithReferenceOnnx(emitGraph(net, [1, 3, size, size], true).bytes)).toEqual({ ok: true });
      net.dispose();
    }
  });
});
