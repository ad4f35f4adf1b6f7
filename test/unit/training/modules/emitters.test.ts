import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { GraphBuilder } from '../../../../src/export/onnx/graph-builder.ts';
import { BatchNorm } from '../../../../src/training/modules/batch-norm.ts';
import { ConvBn } from '../../../../src/training/modules/conv-bn.ts';
import { Conv2d } from '../../../../src/training/modules/conv2d.ts';
import { DepthwiseConv2d } from '../../../../src/training/modules/depthwise-conv2d.ts';
import { emitModule, emitterKinds, registerEmitter } from '../../../../src/training/modules/emitters.ts';
import { GELU } from '../../../../src/training/modules/gelu.ts';
import { GlobalAveragePool } from '../../../../src/training/modules/global-average-pool.ts';
import { LayerNorm } from '../../../../src/training/modules/layer-norm.ts';
import { LeakyReLU } from '../../../../src/training/modules/leaky-relu.ts';
import { Linear } from '../../../../src/training/modules/linear.ts';
import { MaxPool } from '../../../../src/training/modules/max-pool.ts';
import { MLP } from '../../../../src/training/modules/mlp.ts';
import { Module } from '../../../../src/training/modules/module.ts';
import { MultiHeadAttention } from '../../../../src/training/modules/multi-head-attention.ts';
import { ReLU } from '../../../../src/training/modules/relu.ts';
import { SeparableConvBn } from '../../../../src/training/modules/separable-conv-bn.ts';
import { SeparableConv2d } from '../../../../src/training/modules/separable-conv2d.ts';
import { Sequential } from '../../../../src/training/modules/sequential.ts';
import { Rng } from '../../../../src/util/rng.ts';
// The backbones live in their own folder; each registers its emitter when its file loads.
import '../../../../src/training/backbones/basic-block.ts';
import '../../../../src/training/backbones/resnet.ts';
import '../../../../src/training/backbones/xception-block.ts';
import '../../../../src/training/backbones/xception.ts';
import { useCpuBackend } from './tfjs-cpu.ts';

beforeAll(useCpuBackend);

class Unregistered extends Module {
  readonly kind = 'UnregisteredForTest';
}

class Wrapper extends Module {
  readonly kind = 'WrapperForTest';
  readonly inner: Module;
  constructor(inner: Module) {
    super();
    this.inner = this.addModule('inner', inner);
  }
}

describe('emitters', () => {
  it('has an emitter for every module kind in the folder', () => {
    const rng = new Rng(0);
    const modules: Module[] = [
      new BatchNorm({ channels: 1 }, rng),
      new Conv2d({ inChannels: 1, outChannels: 1, kernel: 1 }, rng),
      new ConvBn({ inChannels: 1, outChannels: 1, kernel: 1 }, rng),
      new DepthwiseConv2d({ channels: 1, kernel: 3 }, rng),
      new GELU(),
      new GlobalAveragePool(),
      new LayerNorm({ features: 1 }, rng),
      new LeakyReLU({ alpha: 0.1, channels: 1 }),
      new Linear({ inFeatures: 1, outFeatures: 1 }, rng),
      new MaxPool({ kernel: 3, stride: 2, padding: 'same' }),
      new MLP({ features: 1, hidden: 1 }, rng),
      new MultiHeadAttention({ dim: 2, heads: 1 }, rng),
      new ReLU(),
      new SeparableConv2d({ inChannels: 1, outChannels: 1, kernel: 3 }, rng),
      new SeparableConvBn({ inChannels: 1, outChannels: 1, kernel: 3 }, rng),
      new Sequential([], 1),
    ];
    for (const module of modules) expect(emitterKinds()).toContain(module.kind);
    for (const kind of ['Xception', 'XceptionBlock', 'ResNet', 'BasicBlock']) expect(emitterKinds()).toContain(kind);
  });

  it('throws a TypeError naming a kind that has no emitter and the module it sits in', () => {
    const builder = new GraphBuilder({ name: 'g', foldBatchNorm: true });
    builder.addInput('x', 'float32', [1, 2]);
    expect(() => emitModule(new Wrapper(new Unregistered()).inner, builder, ['x'])).toThrow(
      /no ONNX emitter for module kind "UnregisteredForTest" \("inner"\)/,
    );
  });

  it('lets kinds defined elsewhere register an emitter once', () => {
    registerEmitter<Wrapper>('WrapperForTest', (module, sink, inputs) => emitModule(module.inner, sink, inputs));
    expect(() => registerEmitter('WrapperForTest', () => [])).toThrow(/already registered/);
    const builder = new GraphBuilder({ name: 'g', foldBatchNorm: true });
    builder.addInput('x', 'float32', [1, 2, 3, 3]);
    const [y] = emitModule(new Wrapper(new ReLU()), builder, ['x']);
    expect(y).toMatch(/^inner\/Relu/);
  });

  it('scopes node and initializer names with the module path, as the checkpoint names its weights', () => {
    const rng = new Rng(0);
    const stack = new Sequential([new SeparableConvBn({ inChannels: 2, outChannels: 2, kernel: 3 }, rng)], 2);
    const builder = new GraphBuilder({ name: 'g', foldBatchNorm: false });
    builder.addInput('x', 'float32', [1, 2, 4, 4]);
    const [y] = emitModule(stack, builder, ['x'], [[1, 2, 4, 4]]);
    builder.addOutput(y!, 'y', 'float32', [1, 2, 4, 4]);
    const names = (builder.toModel().graph?.initializer ?? []).map((tensor) => tensor.name);
    expect(names).toEqual([
      '0/conv/depthwise/weight',
      '0/conv/pointwise/weight',
      '0/bn/scale',
      '0/bn/bias',
      '0/bn/mean',
      '0/bn/var',
    ]);
    expect(stack.namedParameters().map(([name]) => name)).toContain('0.conv.depthwise.kernel');
  });

  it("explains what to pass when strided 'same' padding meets an input of unknown size", () => {
    const builder = new GraphBuilder({ name: 'g', foldBatchNorm: true });
    builder.addInput('x', 'float32', ['N', 3, 'H', 'W']);
    const pool = new MaxPool({ kernel: 3, stride: 2, padding: 'same' });
    expect(() => emitModule(pool, builder, ['x'])).toThrow(/needs the static shape of graph value "x".*pass the graph inputs' dims to emitModule/);
    expect(() => emitModule(pool, builder, ['x'], [['N', 3, 'H', 'W']])).toThrow(/needs a static size on axis 2 of graph value "x", found "H"/);
  });

  it('needs no input size where the pads do not depend on it', () => {
    const builder = new GraphBuilder({ name: 'g', foldBatchNorm: true });
    builder.addInput('x', 'float32', ['N', 1, 'H', 'W']);
    const conv = new Conv2d({ inChannels: 1, outChannels: 1, kernel: 3, dilation: 2 }, new Rng(0));
    expect(emitModule(conv, builder, ['x'])).toHaveLength(1);
    tf.dispose(conv.namedState().map(([, v]) => v));
  });
});
