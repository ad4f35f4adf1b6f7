import type { Attributes, Dim, EmitOptions, GraphSink } from './emit.ts';

/**
 * A GraphSink that also remembers the static shape of each value it has been told about. Emitters record
 * the shapes of the values they produce, so an emitter deeper in the tree can compute what depends on its
 * input's size: explicit ONNX pads that reproduce tfjs 'same' padding for strided windows, for example.
 * One table is shared by every scope of the same graph (value names are unique across the graph).
 */
export class ShapedSink implements GraphSink {
  private constructor(
    private readonly inner: GraphSink,
    private readonly shapes: Map<string, readonly Dim[]>,
  ) {}

  /** `sink` itself when it already tracks shapes, else a tracking wrapper with an empty table. */
  static of(sink: GraphSink): ShapedSink {
    return sink instanceof ShapedSink ? sink : new ShapedSink(sink, new Map());
  }

  get options(): EmitOptions {
    return this.inner.options;
  }

  scope(name: string): ShapedSink {
    return new ShapedSink(this.inner.scope(name), this.shapes);
  }

  initializer(name: string, values: Float32Array, dims: readonly number[]): string {
    return this.inner.initializer(name, values, dims);
  }

  int64Initializer(name: string, values: readonly number[], dims: readonly number[]): string {
    return this.inner.int64Initializer(name, values, dims);
  }

  node(opType: string, inputs: readonly string[], attributes?: Attributes, outputs?: number): string[] {
    return this.inner.node(opType, inputs, attributes, outputs);
  }

  setDims(value: string, dims: readonly Dim[]): void {
    this.shapes.set(value, [...dims]);
  }

  /** The recorded shape of `value`, or undefined when no one recorded it. */
  knownDims(value: string): readonly Dim[] | undefined {
    return this.shapes.get(value);
  }

  /** The recorded shape of `value`; `needer` names who needs it, for the error when it is unknown. */
  dims(value: string, needer: string): readonly Dim[] {
    const dims = this.shapes.get(value);
    if (dims === undefined) {
      throw new RangeError(
        `${needer} needs the static shape of graph value "${value}", but none was recorded: pass the graph ` +
          `inputs' dims to emitModule (its fourth argument), and have custom emitters call sink.setDims on their outputs`,
      );
    }
    return dims;
  }

  /** Records `dims` for `value` when `dims` is known; lets emitters propagate shapes without requiring them. */
  setDimsIfKnown(value: string, dims: readonly Dim[] | undefined): void {
    if (dims !== undefined) this.setDims(value, dims);
  }
}

/** A spatial size read from a recorded shape, as a number: explicit pads need static heights and widths. */
export function staticDim(dims: readonly Dim[], axis: number, value: string, needer: string): number {
  const dim = dims[axis];
  if (typeof dim !== 'number') {
    throw new RangeError(
      `${needer} needs a static size on axis ${axis} of graph value "${value}", ` +
        `found ${JSON.stringify(dim)} in [${dims.join(', ')}]`,
    );
  }
  return dim;
}
