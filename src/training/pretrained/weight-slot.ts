import type * as tf from '@tensorflow/tfjs-core';
import type { BatchNorm } from '../modules/batch-norm.ts';
import type { ConvBn } from '../modules/conv-bn.ts';

/**
 * How a tensor is laid out in the file: as tfjs holds it (Keras), a PyTorch convolution weight OIHW, or a
 * PyTorch depthwise weight [C * M, 1, kh, kw] (a grouped convolution with one group per channel).
 */
export type SourceLayout = 'as-is' | 'oihw' | 'depthwise-oihw';

/** One tensor a pretrained file provides: its name and shape there, and the variable it fills here. */
export interface WeightSlot {
  readonly source: string;
  readonly shape: readonly number[];
  readonly layout: SourceLayout;
  readonly target: tf.Variable;
}

/** The shape a variable of tfjs layout has in the file's layout. */
export function sourceShape(target: tf.Variable, layout: SourceLayout): number[] {
  const shape = target.shape;
  if (layout === 'as-is') return [...shape];
  const [kh, kw, inChannels, outChannels] = shape as [number, number, number, number];
  // tfjs's depthwise kernel is [kh, kw, C, M]: PyTorch's output channels are C * M, one input per group.
  return layout === 'oihw' ? [outChannels, inChannels, kh, kw] : [inChannels * outChannels, 1, kh, kw];
}

export function slot(source: string, target: tf.Variable, layout: SourceLayout): WeightSlot {
  return { source, shape: sourceShape(target, layout), layout, target };
}

/** PyTorch's BatchNorm2d state under `prefix` (weight, bias, running_mean, running_var). */
export function torchBatchNormSlots(prefix: string, bn: BatchNorm): WeightSlot[] {
  assertEpsilon(bn, 1e-5, prefix, 'PyTorch');
  return [
    slot(`${prefix}.weight`, bn.gamma, 'as-is'),
    slot(`${prefix}.bias`, bn.beta, 'as-is'),
    slot(`${prefix}.running_mean`, bn.movingMean, 'as-is'),
    slot(`${prefix}.running_var`, bn.movingVariance, 'as-is'),
  ];
}

/** A bias-free PyTorch Conv2d named `conv` followed by a BatchNorm2d named `bn`. */
export function torchConvBnSlots(module: ConvBn, conv: string, bn: string): WeightSlot[] {
  return [slot(`${conv}.weight`, module.conv.kernel, 'oihw'), ...torchBatchNormSlots(bn, module.bn)];
}

/**
 * Running statistics only reproduce the source's features with the source's epsilon; the architectures
 * that load a framework's weights are built with it, and this keeps them so.
 */
export function assertEpsilon(bn: BatchNorm, expected: number, where: string, framework: string): void {
  if (bn.epsilon !== expected) {
    throw new RangeError(`${where}: ${framework} weights need BatchNorm epsilon ${expected}, but this backbone's is ${bn.epsilon}`);
  }
}
