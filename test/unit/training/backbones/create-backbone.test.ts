import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createBackbone } from '../../../../src/training/backbones/create-backbone.ts';
import type { Backbone } from '../../../../src/training/backbones/backbone.ts';
import type { Xception } from '../../../../src/training/backbones/xception.ts';
import type { BackboneConfig } from '../../../../src/training/config.ts';
import { BatchNorm } from '../../../../src/training/modules/batch-norm.ts';
import type { Module } from '../../../../src/training/modules/module.ts';
import { Rng } from '../../../../src/util/rng.ts';
import { useCpuBackend } from '../modules/tfjs-cpu.ts';

beforeAll(useCpuBackend);

function withBackbone<T>(config: BackboneConfig, use: (backbone: ReturnType<typeof createBackbone>) => T): T {
  const backbone = createBackbone(config, new Rng([0, 'backbone']));
  try {
    return use(backbone);
  } finally {
    backbone.dispose();
  }
}

function* walk(module: Module): Generator<Module> {
  yield module;
  for (const child of module.children.values()) yield* walk(child);
}

const xception = (widthMultiplier: number, outputStride: number, middleBlocks?: number): BackboneConfig => ({
  architecture: 'xception',
  widthMultiplier,
  outputStride,
  middleBlocks,
});

describe('createBackbone', () => {
  it('builds the published Xception: 7x7x2048 at 224 px, with Keras parameter counts', () => {
    withBackbone(xception(1, 32), (net) => {
      expect(net.featureSize(224)).toEqual({ h: 7, w: 7 });
      expect(net.outChannels).toBe(2048);
      // Keras Xception(include_top=False): 20,806,952 trainable, 54,528 non-trainable (BN running statistics).
      expect(net.parameterCount()).toBe(20_806_952);
      expect(net.namedBuffers().reduce((total, [, v]) => total + v.size, 0)).toBe(54_528);
    });
  });

  it("builds timm's legacy_xception with Keras's shapes but PyTorch's BatchNorm and pools padded by one on each side", () => {
    const batchNorms = (net: Backbone) => [...walk(net)].filter((module): module is BatchNorm => module instanceof BatchNorm);
    withBackbone({ ...xception(1, 32), architecture: 'xception-timm' }, (net) => {
      expect(net.featureSize(224)).toEqual({ h: 7, w: 7 });
      expect(net.featureSize(299)).toEqual({ h: 10, w: 10 });
      expect(net.parameterCount()).toBe(20_806_952);
      expect(new Set(batchNorms(net).map((bn) => `${bn.epsilon} ${bn.momentum}`))).toEqual(new Set([`${1e-5} 0.9`]));
      expect((net as Xception).entry.map((block) => block.pool!.window.padding)).toEqual([1, 1, 1]);
    });
    withBackbone(xception(0.125, 32, 1), (net) => {
      expect(new Set(batchNorms(net).map((bn) => `${bn.epsilon} ${bn.momentum}`))).toEqual(new Set(['0.001 0.99']));
      expect((net as Xception).entry.map((block) => block.pool!.window.padding)).toEqual(['same', 'same', 'same']);
    });
  });

  it("draws timm's initial weights: He normal on PyTorch's fan-out, which for a depthwise kernel [C, 1, 3, 3] is 9 C", () => {
    withBackbone({ architecture: 'xception-timm', widthMultiplier: 0.5, outputStride: 32, middleBlocks: 1 }, (net) => {
      const std = (name: string) => {
        const values = Array.from(net.namedParameters().find(([key]) => key === name)![1].dataSync());
        return Math.sqrt(values.reduce((sum, v) => sum + v * v, 0) / values.length);
      };
      // 364 channels at width 0.5; the pointwise kernel [1, 1, 364, 364] has fan-out 364.
      expect(std('middle.0.sepconv1.conv.depthwise.kernel')).toBeCloseTo(Math.sqrt(2 / (9 * 364)), 3);
      expect(std('middle.0.sepconv1.conv.pointwise.kernel') / Math.sqrt(2 / 364)).toBeCloseTo(1, 1);
    });
  });

  it('scales the input first when given a normalization: the same features as scaling the image by hand', () => {
    const inputNormalization = { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] };
    for (const architecture of ['resnet18', 'xception-timm'] as const) {
      const config: BackboneConfig = { architecture, widthMultiplier: 0.125, outputStride: 8, middleBlocks: 0 };
      const plain = createBackbone(config, new Rng(7));
      const scaled = createBackbone({ ...config, inputNormalization }, new Rng(7));
      const x = tf.randomUniform([2, 32, 32, 3], 0, 1, 'float32', 3) as tf.Tensor4D;
      const byHand = tf.div(tf.sub(x, inputNormalization.mean), inputNormalization.std) as tf.Tensor4D;
      const difference = tf.max(tf.abs(tf.sub(scaled.forward(x, false), plain.forward(byHand, false)))).dataSync()[0];
      expect(difference).toBeLessThan(1e-5);
      expect(scaled.namedState().map(([name]) => name)).toEqual(plain.namedState().map(([name]) => name));
      plain.dispose();
      scaled.dispose();
    }
  });

  it.each([
    ['resnet18', 11_176_512],
    ['resnet34', 21_284_672],
  ] as const)('builds torchvision %s without its classifier: 7x7x512 at 224 px and its parameter count', (architecture, count) => {
    withBackbone({ architecture, widthMultiplier: 1, outputStride: 32 }, (net) => {
      expect(net.featureSize(224)).toEqual({ h: 7, w: 7 });
      expect(net.outChannels).toBe(512);
      // torchvision's count (11,689,512 / 21,797,672) less its 512 x 1000 + 1000 classifier.
      expect(net.parameterCount()).toBe(count);
    });
  });

  it.each([
    [xception(1, 32), 224, 7],
    [xception(1, 16), 224, 14],
    [xception(1, 8), 224, 28],
    [xception(0.25, 8, 2), 64, 8],
    [xception(0.125, 8, 1), 32, 4],
    [xception(0.125, 32, 0), 64, 2],
    [{ architecture: 'resnet18', widthMultiplier: 0.25, outputStride: 8 }, 64, 8],
    [{ architecture: 'resnet34', widthMultiplier: 0.25, outputStride: 16 }, 224, 14],
  ] as Array<[BackboneConfig, number, number]>)('%j at %i px gives a %i-square map', (config, size, grid) => {
    withBackbone(config, (net) => expect(net.featureSize(size)).toEqual({ h: grid, w: grid }));
  });

  it('scales channels by the width multiplier, rounded and never below 8', () => {
    withBackbone(xception(0.25, 32, 1), (net) => expect(net.outChannels).toBe(512));
    withBackbone(xception(0.01, 32, 1), (net) => expect(net.outChannels).toBe(20));
    withBackbone({ architecture: 'resnet18', widthMultiplier: 0.01, outputStride: 32 }, (net) => expect(net.outChannels).toBe(8));
  });

  it('builds middleBlocks middle-flow blocks, 8 by default', () => {
    const middle = (config: BackboneConfig) =>
      withBackbone(config, (net) => new Set(net.namedParameters().map(([name]) => name.match(/^middle\.(\d+)\./)?.[1]).filter(Boolean)).size);
    expect(middle(xception(0.125, 32))).toBe(8);
    expect(middle(xception(0.125, 32, 3))).toBe(3);
  });

  it('draws the same weights from the same seed', () => {
    const a = createBackbone(xception(0.125, 8, 1), new Rng(3));
    const b = createBackbone(xception(0.125, 8, 1), new Rng(3));
    const [name, weight] = a.namedParameters()[5]!;
    expect(Array.from(weight.dataSync())).toEqual(Array.from(b.namedParameters()[5]![1].dataSync()));
    expect(name).toBe(b.namedParameters()[5]![0]);
    a.dispose();
    b.dispose();
  });

  it.each([
    [{ architecture: 'vgg16', widthMultiplier: 1, outputStride: 32 }, RangeError, /teacherBackbone\.architecture: expected one of xception, xception-timm, resnet18, resnet34, got "vgg16"/],
    [{ architecture: 'xception', widthMultiplier: '1', outputStride: 32 }, TypeError, /teacherBackbone\.widthMultiplier: expected a number, got "1"/],
    [{ architecture: 'xception', widthMultiplier: 0, outputStride: 32 }, RangeError, /widthMultiplier: expected a finite number > 0, got 0/],
    [{ architecture: 'resnet18', widthMultiplier: 1, outputStride: 4 }, RangeError, /outputStride: expected one of 8, 16, 32, got 4/],
    [{ architecture: 'xception', widthMultiplier: 1, outputStride: 32, middleBlocks: 1.5 }, RangeError, /middleBlocks: expected an integer >= 0, got 1.5/],
    [null, TypeError, /teacherBackbone: expected an object/],
  ])('rejects %j with a typed error naming the field', (config, type, message) => {
    expect(() => createBackbone(config as never, new Rng(0), 'teacherBackbone')).toThrow(type);
    expect(() => createBackbone(config as never, new Rng(0), 'teacherBackbone')).toThrow(message);
  });

  it('leaks no tensors when disposed', () => {
    const before = tf.memory().numTensors;
    createBackbone(xception(0.125, 8, 1), new Rng(0)).dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
