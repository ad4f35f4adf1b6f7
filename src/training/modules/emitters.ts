import type { Dim, Emitter, GraphSink } from './emit.ts';
import type { Module } from './module.ts';
import { ShapedSink } from './shaped-sink.ts';

/**
 * Module kind -> the emitter that writes it into an ONNX graph. Every module file registers its own kind
 * when it loads, so a module that exists always has its emitter, and this table imports no module: the
 * composite emitters import `emitModule` from here without a cycle. Each emitter takes its own module
 * class, which the kind names, hence `Emitter<any>`.
 */
const emitters = new Map<string, Emitter<any>>();

/** Adds the emitter of a module kind; a kind can have only one emitter. */
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
