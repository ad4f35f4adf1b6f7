import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../../util/rng.ts';

/**
 * Fills a parameter of the given shape. Initial weights come from our seeded generator on the host, not
 * from tfjs's random ops, so the same seed gives the same weights on every tfjs back end.
 */
export type Initializer = (shape: readonly number[], rng: Rng) => Float32Array;

/**
 * A layer or a block of layers: named parameters, named buffers (state that is saved but not trained,
 * such as BatchNorm running statistics) and child modules. Each subclass has a tfjs forward pass and an
 * ONNX emitter in the same file (see `emit.ts`); the exporter walks the same tree the trainer trains.
 *
 * Forward passes take `training` as an argument instead of a mode flag on the module, so one model can
 * be run both ways without hidden state.
 */
export abstract class Module {
  /** The key of this module's emitter in the emitter table. */
  abstract readonly kind: string;
  readonly children = new Map<string, Module>();
  readonly parameters = new Map<string, tf.Variable>();
  readonly buffers = new Map<string, tf.Variable>();
  private nameInParent = '';

  /**
   * The key under which this module's parent holds it ('' for a root). Emitters scope the graph names of a
   * module's nodes with it, so ONNX names follow the checkpoint's dotted paths.
   */
  get name(): string {
    return this.nameInParent;
  }

  protected addModule<M extends Module>(name: string, module: M): M {
    assertFreeName(this, name);
    if (module.nameInParent !== '') {
      throw new RangeError(`${module.kind} "${module.nameInParent}" already has a parent; cannot add it again as "${name}"`);
    }
    module.nameInParent = name;
    this.children.set(name, module);
    return module;
  }

  protected addParameter(name: string, shape: readonly number[], init: Initializer, rng: Rng): tf.Variable {
    assertFreeName(this, name);
    // The variable shares the initial tensor's data; tidy disposes the initial tensor object so it does not leak.
    const variable = tf.tidy(() => tf.variable(tf.tensor(init(shape, rng), [...shape], 'float32'), true));
    this.parameters.set(name, variable);
    return variable;
  }

  protected addBuffer(name: string, shape: readonly number[], fill: number): tf.Variable {
    assertFreeName(this, name);
    const variable = tf.tidy(() => tf.variable(tf.fill([...shape], fill, 'float32'), false));
    this.buffers.set(name, variable);
    return variable;
  }

  /** Trainable parameters of this module and its descendants, keyed by dotted path ("blocks.0.mlp.fc1.weight"). */
  namedParameters(prefix = ''): Array<[string, tf.Variable]> {
    return this.collect(prefix, (module) => module.parameters);
  }

  /** Non-trainable state of this module and its descendants, keyed by dotted path. */
  namedBuffers(prefix = ''): Array<[string, tf.Variable]> {
    return this.collect(prefix, (module) => module.buffers);
  }

  /** Everything a checkpoint holds: parameters and buffers. */
  namedState(prefix = ''): Array<[string, tf.Variable]> {
    return [...this.namedParameters(prefix), ...this.namedBuffers(prefix)];
  }

  /** Number of trainable scalars. */
  parameterCount(): number {
    return this.namedParameters().reduce((total, [, variable]) => total + variable.size, 0);
  }

  dispose(): void {
    for (const [, variable] of this.namedState()) variable.dispose();
  }

  private collect(prefix: string, pick: (module: Module) => Map<string, tf.Variable>): Array<[string, tf.Variable]> {
    const out: Array<[string, tf.Variable]> = [];
    for (const [name, variable] of pick(this)) out.push([prefix + name, variable]);
    for (const [name, child] of this.children) out.push(...child.collect(`${prefix}${name}.`, pick));
    return out;
  }
}

function assertFreeName(module: Module, name: string): void {
  if (!/^[A-Za-z0-9_]+$/.test(name)) {
    throw new RangeError(`module member name must match [A-Za-z0-9_]+, got "${name}"`);
  }
  if (module.children.has(name) || module.parameters.has(name) || module.buffers.has(name)) {
    throw new RangeError(`${module.kind} already has a member named "${name}"`);
  }
}
