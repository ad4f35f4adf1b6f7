import { emitBasicBlock } from '../backbones/basic-block.ts';
import { emitResNet } from '../backbones/resnet.ts';
import { emitXception } from '../backbones/xception.ts';
import { emitXceptionBlock } from '../backbones/xception-block.ts';
import { emitBatchNorm } from './batch-norm.ts';
import { emitConvBn } from './conv-bn.ts';
import { emitConv2d } from './conv2d.ts';
import { emitDepthwiseConv2d } from './depthwise-conv2d.ts';
import type { Dim, Emitter, GraphSink } from './emit.ts';
import { emitGELU } from './gelu.ts';
import { emitGlobalAveragePool } from './global-average-pool.ts';
import { emitLayerNorm } from './layer-norm.ts';
import { emitLinear } from './linear.ts';
import { emitMaxPool } from './max-pool.ts';
import { emitMLP } from './mlp.ts';
import type { Module } from './module.ts';
import { emitMultiHeadAttention } from './multi-head-attention.ts';
import { emitReLU } from './relu.ts';
import { emitSeparableConvBn } from './separable-conv-bn.ts';
import { emitSeparableConv2d } from './separable-conv2d.ts';
import { emitSequential } from './sequential.ts';
import { ShapedSink } from './shaped-sink.ts';

/**
 * Module kind -> the emitter that writes it into an ONNX graph. Kinds defined outside this folder and the
 * backbones (the teacher, the student) add theirs with `registerEmitter`. Each emitter takes its own
 * module class, which the kind names, hence `Emitter<any>`.
 */
const emitters = new Map<string, Emitter<any>>([
  ['BatchNorm', emitBatchNorm],
  ['Conv2d', emitConv2d],
  ['ConvBn', emitConvBn],
  ['DepthwiseConv2d', emitDepthwiseConv2d],
  ['GELU', emitGELU],
  ['GlobalAveragePool', emitGlobalAveragePool],
  ['LayerNorm', emitLayerNorm],
  ['Linear', emitLinear],
  ['MaxPool', emitMaxPool],
  ['MLP', emitMLP],
  ['MultiHeadAttention', emitMultiHeadAttention],
  ['ReLU', emitReLU],
  ['SeparableConv2d', emitSeparableConv2d],
  ['SeparableConvBn', emitSeparableConvBn],
  ['Sequential', emitSequential],
  ['BasicBlock', emitBasicBlock],
  ['ResNet', emitResNet],
  ['Xception', emitXception],
  ['XceptionBlock', emitXceptionBlock],
]);

/** Adds the emitter of a module kind defined elsewhere; a kind can have only one emitter. */
export function registerEmitter<M extends Module>(kind: string, emitter: Emitter<M>): void {
  if (emitters.has(kind)) throw new RangeError(`an emitter for module kind "${kind}" is already registered`);
  emitters.set(kind, emitter as Emitter<any>);
}

/** Kinds that have an emitter, sorted (for error messages and tests). */
export function emitterKinds(): string[] {
  return [...emitters.keys()].sort();
}

/**
 * Writes `module` into the graph under a scope named after the module (its key in its parent) and returns
 * its output value names. At the top of a graph, pass `inputDims` (e.g. [['N', 3, 224, 224]]): emitters
 * need static heights and widths to write pads that match tfjs 'same' padding; nested calls reuse the
 * shapes recorded on the way.
 */
export function emitModule(
  module: Module,
  sink: GraphSink,
  inputs: readonly string[],
  inputDims?: ReadonlyArray<readonly Dim[]>,
): string[] {
  const emitter = emitters.get(module.kind);
  if (emitter === undefined) {
    throw new TypeError(
      `no ONNX emitter for module kind "${module.kind}"${module.name ? ` ("${module.name}")` : ''}; ` +
        `kinds with one: ${emitterKinds().join(', ')} (add others with registerEmitter)`,
    );
  }
  const shaped = ShapedSink.of(sink);
  if (inputDims !== undefined) {
    if (inputDims.length !== inputs.length) {
      throw new RangeError(`emitModule: ${inputs.length} inputs but ${inputDims.length} inputDims for ${module.kind}`);
    }
    inputs.forEach((input, i) => shaped.setDims(input, inputDims[i]!));
  }
  return emitter(module, module.name === '' ? shaped : shaped.scope(module.name), inputs);
}
