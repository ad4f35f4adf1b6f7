import type { GraphBuilder } from './onnx/graph-builder.ts';
import type { GraphSignature } from './graph-signature.ts';

/** Declares every input of `signature` on the graph; returns their value names, in order. */
export function declareInputs(graph: GraphBuilder, signature: GraphSignature): string[] {
  return signature.inputs.map((entry) => graph.addInput(entry.name, entry.type, entry.shape));
}

/** Publishes `values` (what the emitters returned, in signature order) under the signature's output names. */
export function declareOutputs(graph: GraphBuilder, values: readonly string[], signature: GraphSignature): void {
  if (values.length !== signature.outputs.length) {
    const names = signature.outputs.map((entry) => entry.name).join(', ');
    throw new RangeError(`graph "${graph.name}": the emitters returned ${values.length} values, expected ${signature.outputs.length} (${names})`);
  }
  signature.outputs.forEach((entry, i) => graph.addOutput(values[i]!, entry.name, entry.type, entry.shape));
}
