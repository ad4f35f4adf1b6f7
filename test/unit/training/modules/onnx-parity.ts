import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';
import { GraphBuilder } from '../../../../src/export/onnx/graph-builder.ts';
import { emitModule } from '../../../../src/training/modules/emitters.ts';
import type { Module } from '../../../../src/training/modules/module.ts';
import { ShapedSink } from '../../../../src/training/modules/shaped-sink.ts';
import { runOnnx, type FloatOutput } from '../../../helpers/onnx-runtime.ts';
import { maxAbsDifference } from './tfjs-cpu.ts';

/** How a tfjs tensor maps to the graph: images are NHWC in tfjs and NCHW in ONNX; other tensors are unchanged. */
export type Layout = 'image' | 'plain';

export interface EmittedGraph {
  readonly bytes: Uint8Array;
  /** Op types of the emitted nodes (without the Identity nodes that name the graph outputs). */
  readonly opTypes: string[];
  readonly initializerNames: string[];
  /** The epsilon attribute of each BatchNormalization node, in node order. */
  readonly batchNormEpsilons: number[];
}

/** Emits `module` as a one-input graph whose input has the (graph-layout) dims given; every output is a graph output. */
export function emitGraph(module: Module, inputDims: readonly number[], foldBatchNorm: boolean): EmittedGraph {
  const builder = new GraphBuilder({ name: 'module_under_test', foldBatchNorm });
  builder.addInput('x', 'float32', inputDims);
  const sink = ShapedSink.of(builder);
  const outputs = emitModule(module, sink, ['x'], [inputDims]);
  // The emitters' recorded shapes become the declared output shapes, which onnxruntime checks.
  outputs.forEach((value, i) => builder.addOutput(value, `y${i}`, 'float32', sink.dims(value, 'test graph output')));
  const model = builder.toModel();
  return {
    bytes: builder.serialize(),
    opTypes: (model.graph?.node ?? []).map((node) => node.opType ?? '').filter((op) => op !== 'Identity'),
    initializerNames: (model.graph?.initializer ?? []).map((tensor) => tensor.name ?? ''),
    batchNormEpsilons: (model.graph?.node ?? []).filter((node) => node.opType === 'BatchNormalization')
      .map((node) => node.attribute?.find((attribute) => attribute.name === 'epsilon')?.f ?? Number.NaN),
  };
}

/** Runs `module`'s emitted graph on onnxruntime-node cpu with tfjs input `x`; returns outputs in tfjs layout. */
export async function runEmitted(
  module: Module,
  x: tf.Tensor,
  options: { layout: Layout; outputLayouts?: Layout[]; foldBatchNorm?: boolean },
): Promise<{ outputs: tf.Tensor[]; graph: EmittedGraph }> {
  const graphInput = options.layout === 'image' ? tf.transpose(x, [0, 3, 1, 2]) : x;
  const graph = emitGraph(module, graphInput.shape, options.foldBatchNorm ?? true);
  const data = graphInput.dataSync() as Float32Array;
  const results = await runOnnx(graph.bytes, { x: { data, dims: graphInput.shape } });
  if (graphInput !== x) graphInput.dispose();
  const names = Object.keys(results).sort();
  const outputs = names.map((name, i) => toTfjsLayout(results[name]!, options.outputLayouts?.[i] ?? options.layout));
  return { outputs, graph };
}

function toTfjsLayout(output: FloatOutput, layout: Layout): tf.Tensor {
  const tensor = tf.tensor(output.data, output.dims);
  if (layout !== 'image' || output.dims.length !== 4) return tensor;
  const nhwc = tf.transpose(tensor, [0, 2, 3, 1]);
  tensor.dispose();
  return nhwc;
}

/** Asserts equal shapes, then every value within `tolerance` (absolute), reporting the worst index. */
export function expectClose(actual: tf.Tensor, expected: tf.Tensor, tolerance: number): void {
  expect(actual.shape).toEqual(expected.shape);
  const a = actual.dataSync();
  const e = expected.dataSync();
  const { max, index } = maxAbsDifference(a, e);
  if (!(max <= tolerance)) {
    expect.fail(`max |difference| ${max} > ${tolerance} at flat index ${index}: got ${a[index]}, expected ${e[index]}`);
  }
}
