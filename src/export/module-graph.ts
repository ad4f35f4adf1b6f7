import type { EmitOptions } from '../training/modules/emit.ts';
import { emitModule } from '../training/modules/emitters.ts';
import type { Module } from '../training/modules/module.ts';
import { declareInputs, declareOutputs } from './graph-declarations.ts';
import type { GraphSignature } from './graph-signature.ts';
import { GraphBuilder } from './onnx/graph-builder.ts';
import type { ModelProto } from './onnx/proto.ts';
import { pruneUnused } from './prune-unused.ts';

/**
 * One trained module as a whole graph: the signature's inputs, the module's own emitter (the exporter walks
 * what the trainer trained), the signature's outputs. teacher.onnx and student.onnx are built this way.
 */
export function buildModuleGraph(name: string, module: Module, signature: GraphSignature, options: EmitOptions): ModelProto {
  const graph = new GraphBuilder({ name, foldBatchNorm: options.foldBatchNorm });
  const inputs = declareInputs(graph, signature);
  declareOutputs(graph, emitModule(module, graph, inputs, signature.inputs.map((entry) => entry.shape)), signature);
  return pruneUnused(graph.toModel());
}
