import type { GraphRole } from '../runtime-common/session.ts';
import { featureGrid } from '../training/config.ts';
import type { LearningToMask } from '../training/model/learning-to-mask.ts';
import { buildDetectorGraph } from './detector-graph.ts';
import type { ExportBatch } from './export-options.ts';
import { studentSignature, teacherSignature, type SignatureDims } from './graph-signature.ts';
import { buildModuleGraph } from './module-graph.ts';
import { encodeModel as encode } from './encode-model.ts';

export interface BuiltGraph {
  readonly role: GraphRole;
  readonly file: string;
  readonly bytes: Uint8Array;
}

export interface BuildGraphsOptions {
  readonly batch: ExportBatch;
  readonly foldBatchNorm: boolean;
  readonly fused: boolean;
}

/** The graph dimensions of a model: its input size and feature grid, with the batch as exported. */
export function signatureDims(model: LearningToMask, batch: ExportBatch): SignatureDims {
  const { h, w } = featureGrid(model.config);
  return { batch: batch === 'dynamic' ? 'N' : batch, size: model.config.imageSize, h, w };
}

/** teacher.onnx, student.onnx and, when fused, detector.onnx, each emitted from the model's own modules. */
export function buildGraphs(model: LearningToMask, options: BuildGraphsOptions): BuiltGraph[] {
  const dims = signatureDims(model, options.batch);
  const { foldBatchNorm } = options;
  const graphs: BuiltGraph[] = [
    { role: 'teacher', file: 'teacher.onnx', bytes: encode(buildModuleGraph('teacher', model.teacher, teacherSignature(dims), { foldBatchNorm })) },
    { role: 'student', file: 'student.onnx', bytes: encode(buildModuleGraph('student', model.student, studentSignature(dims), { foldBatchNorm })) },
  ];
  if (options.fused) {
    const { k } = featureGrid(model.config);
    const detector = buildDetectorGraph(model, { dims, foldBatchNorm, k, strategy: model.config.maskStrategy });
    graphs.push({ role: 'detector', file: 'detector.onnx', bytes: encode(detector) });
  }
  return graphs;
}

