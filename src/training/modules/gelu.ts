import * as tf from '@tensorflow/tfjs-core';
import { Module } from './module.ts';
import type { ShapedSink } from './shaped-sink.ts';
import { registerEmitter } from './emitters.ts';

/**
 * The exact GELU, x * 0.5 * (1 + erf(x / sqrt(2))). tfjs has erf with a gradient; opset 17 has Erf but no
 * Gelu, and onnxruntime fuses this very pattern (Div, Erf, Add, Mul, Mul) into its Gelu kernel.
 */
export class GELU extends Module {
  readonly kind = 'GELU';

  forward<T extends tf.Tensor>(x: T): T {
    return tf.tidy(() => tf.mul(tf.mul(x, tf.add(tf.erf(tf.div(x, Math.SQRT2)), 1)), 0.5) as T);
  }
}

export function emitGELU(_module: GELU, sink: ShapedSink, inputs: readonly string[]): string[] {
  const x = inputs[0]!;
  const scalar = (name: string, value: number) => sink.initializer(name, Float32Array.of(value), []);
  const [scaled] = sink.node('Div', [x, scalar('sqrt2', Math.SQRT2)]);
  const [erf] = sink.node('Erf', [scaled!]);
  const [shifted] = sink.node('Add', [erf!, scalar('one', 1)]);
  const [gated] = sink.node('Mul', [x, shifted!]);
  const [output] = sink.node('Mul', [gated!, scalar('half', 0.5)]);
  sink.setDimsIfKnown(output!, sink.knownDims(x));
  return [output!];
}

registerEmitter('GELU', emitGELU);
