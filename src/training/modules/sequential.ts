import * as tf from '@tensorflow/tfjs-core';
import { emitModule, registerEmitter } from './emitters.ts';
import { Module } from './module.ts';
import type { SpatialSize } from './padding.ts';
import type { ShapedSink } from './shaped-sink.ts';
import type { SpatialModule } from './spatial-module.ts';

/** Feature-map stages applied in order; children are named '0', '1', ... as in a torch ModuleList. */
export class Sequential extends Module implements SpatialModule {
  readonly kind = 'Sequential';
  readonly stages: readonly SpatialModule[];
  private readonly inChannels: number;

  /** `inChannels` is what an empty sequence passes through (an Xception with no middle blocks). */
  constructor(stages: readonly SpatialModule[], inChannels: number) {
    super();
    this.stages = stages.map((stage, i) => this.addModule(String(i), stage));
    this.inChannels = inChannels;
  }

  get outChannels(): number {
    return this.stages.at(-1)?.outChannels ?? this.inChannels;
  }

  forward(x: tf.Tensor4D, training: boolean): tf.Tensor4D {
    if (this.stages.length === 0) return tf.clone(x);
    return tf.tidy(() => this.stages.reduce((y, stage) => stage.forward(y, training), x));
  }

  outputSize(size: SpatialSize): SpatialSize {
    return this.stages.reduce((s, stage) => stage.outputSize(s), size);
  }
}

export function emitSequential(sequence: Sequential, sink: ShapedSink, inputs: readonly string[]): string[] {
  return sequence.stages.reduce((values, stage) => emitModule(stage, sink, values), [...inputs]);
}

registerEmitter('Sequential', emitSequential);
