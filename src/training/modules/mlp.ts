import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../../util/rng.ts';
import { emitModule, registerEmitter } from './emitters.ts';
import { GELU } from './gelu.ts';
import { Linear } from './linear.ts';
import { Module, type Initializer } from './module.ts';
import type { ShapedSink } from './shaped-sink.ts';

export interface MLPOptions {
  readonly features: number;
  readonly hidden: number;
  /** Default out = features, the transformer block's shape. */
  readonly outFeatures?: number;
  /** For both Linears; default Glorot uniform. */
  readonly init?: Initializer;
}

/** The transformer's feed-forward block: Linear(features, hidden), GELU, Linear(hidden, out). */
export class MLP extends Module {
  readonly kind = 'MLP';
  readonly fc1: Linear;
  readonly gelu: GELU;
  readonly fc2: Linear;

  constructor(options: MLPOptions, rng: Rng) {
    super();
    const { features, hidden, init } = options;
    this.fc1 = this.addModule('fc1', new Linear({ inFeatures: features, outFeatures: hidden, init }, rng));
    this.gelu = this.addModule('gelu', new GELU());
    const outFeatures = options.outFeatures ?? features;
    this.fc2 = this.addModule('fc2', new Linear({ inFeatures: hidden, outFeatures, init }, rng));
  }

  forward<T extends tf.Tensor2D | tf.Tensor3D>(x: T): T {
    return tf.tidy(() => this.fc2.forward(this.gelu.forward(this.fc1.forward(x))));
  }
}

export function emitMLP(mlp: MLP, sink: ShapedSink, inputs: readonly string[]): string[] {
  const hidden = emitModule(mlp.fc1, sink, inputs);
  return emitModule(mlp.fc2, sink, emitModule(mlp.gelu, sink, hidden));
}

registerEmitter('MLP', emitMLP);
