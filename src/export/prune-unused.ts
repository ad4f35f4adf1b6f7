import { assertValidModel } from './onnx/checker.ts';
import { onnx, type ModelProto, type NodeProto } from './onnx/proto.ts';

/**
 * Drops the nodes and initializers no graph output depends on. Emitting a whole module can compute values a
 * graph does not publish (the fused detector needs the teacher's attention, not its logits); runtimes would
 * otherwise load those weights and may run those nodes. The result is checked again.
 */
export function pruneUnused(model: ModelProto): ModelProto {
  const graph = model.graph!;
  const needed = new Set((graph.output ?? []).map((output) => output.name!));
  const kept: NodeProto[] = [];
  const nodes = graph.node ?? [];
  // Nodes are in topological order, so one backward pass sees every consumer before its producers.
  for (let i = nodes.length - 1; i >= 0; i--) {
    const node = nodes[i]!;
    if (!(node.output ?? []).some((output) => needed.has(output))) continue;
    kept.push(node);
    for (const input of node.input ?? []) if (input !== '') needed.add(input);
  }
  kept.reverse();
  const initializer = (graph.initializer ?? []).filter((tensor) => needed.has(tensor.name!));
  const pruned = Object.assign(onnx.ModelProto.create(), model, { graph: { ...graph, node: kept, initializer } });
  assertValidModel(pruned);
  return pruned;
}
