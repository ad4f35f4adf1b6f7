import * as tf from '@tensorflow/tfjs-core';
import { Module } from './module.ts';
import type { ShapedSink } from './shaped-sink.ts';
import { registerEmitter } from './emitters.ts';

/** Mean over height and width: NHWC [N, h, w, c] -> [N, c] (in ONNX, NCHW [N, c, h, w] -> [N, c]). */
export class GlobalAveragePool extends Module {
  readonly kind = 'GlobalAveragePool';

  forward(x: tf.Tensor4D): tf.Tensor2D {
    return tf.mean(x, [1, 2]);
  }
}

export function emitGlobalAveragePool(_module: GlobalAveragePool, sink: ShapedSink, inputs: readonly string[]): string[] {
  const [pooled] = sink.node('GlobalAveragePool', [inputs[0]!]);
  const [output] = sink.node('Flatten', [pooled!], { axis: 1 });
  const dims = sink.knownDims(inputs[0]!);
  if (dims !== undefined) sink.setDims(output!, [dims[0]!, dims[1]!]);
  return [output!];
}

registerEmitter('GlobalAveragePool', emitGlobalAveragePool);
