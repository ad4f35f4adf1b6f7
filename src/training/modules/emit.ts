import type { Module } from './module.ts';
import type { ShapedSink } from './shaped-sink.ts';

/**
 * The ONNX side of the module tree. An emitter writes one module into a graph through a `GraphSink`; the
 * exporter's builder implements the sink, so this folder needs no protobuf code. Graphs are NCHW (the
 * ONNX convention); emitters transpose tfjs's NHWC weights as they write them.
 */

/** An ONNX float attribute. Plain numbers are INT attributes (most ONNX attributes are), so floats are tagged. */
export interface FloatAttribute {
  readonly float: number;
}
/** An ONNX FLOATS attribute. */
export interface FloatsAttribute {
  readonly floats: readonly number[];
}
/** number -> INT, number[] -> INTS, string -> STRING. */
export type AttributeValue = number | readonly number[] | string | FloatAttribute | FloatsAttribute;
export type Attributes = Readonly<Record<string, AttributeValue>>;

export const float = (value: number): FloatAttribute => ({ float: value });
export const floats = (values: readonly number[]): FloatsAttribute => ({ floats: values });

export interface EmitOptions {
  /** Fold each BatchNorm into the convolution before it (default) or keep BatchNormalization nodes. */
  readonly foldBatchNorm: boolean;
}

export interface GraphSink {
  readonly options: EmitOptions;
  /** A sink whose node and initializer names are prefixed with `name` (the module's path in the tree). */
  scope(name: string): GraphSink;
  /** Adds a float32 initializer with the given dims; returns its (scoped, unique) name. */
  initializer(name: string, values: Float32Array, dims: readonly number[]): string;
  /** Adds an int64 initializer (shapes, axes, indices for Reshape, Slice, Gather ...). */
  int64Initializer(name: string, values: readonly number[], dims: readonly number[]): string;
  /** Adds a node; returns its output names (`outputs` of them, default 1). */
  node(opType: string, inputs: readonly string[], attributes?: Attributes, outputs?: number): string[];
}

/** A static size, or a symbolic name ('N') for a size fixed only at run time. */
export type Dim = number | string;

/**
 * Writes `module` into the graph, consuming the named inputs; returns the names of its outputs. The sink
 * is already scoped with the module's name and knows the static shapes of the values recorded so far
 * (padding that matches tfjs 'same' depends on the input's size).
 */
export type Emitter<M extends Module = Module> = (module: M, sink: ShapedSink, inputs: readonly string[]) => string[];
