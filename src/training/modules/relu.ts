import * as tf from '@tensorflow/tfjs-core';
import { Module } from './module.ts';
import type { ShapedSink } from './shaped-sink.ts';
import { registerEmitter } from './emitters.ts';

/** max(x, 0). Stateless, so one instance can serve every activation of a block. */
export class ReLU extends Module {
  readonly kind = 'ReLU';

  forward<T extends tf.Tensor>(x: T): T {
    return tf.relu(x);
  }
}

export function emitReLU(_module: ReLU, sink: ShapedSink, inputs: readonly string[]): string[] {
  const [output] = sink.node('Relu', [inputs[0]!]);
  sink.setDimsIfKnown(output!, sink.knownDims(inputs[0]!));
  return [output!];
}

registerEmitter('ReLU', emitReLU);
