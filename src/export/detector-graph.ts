import { emitModule } from '../training/modules/emitters.ts';
import type { LearningToMask } from '../training/model/learning-to-mask.ts';
import type { MaskStrategy } from '../runtime-common/topk-mask.ts';
import { declareInputs, declareOutputs } from './graph-declarations.ts';
import { detectorSignature, studentSignature, type SignatureDims } from './graph-signature.ts';
import { GraphBuilder } from './onnx/graph-builder.ts';
import type { ModelProto } from './onnx/proto.ts';
import { pruneUnused } from './prune-unused.ts';
import { emitTopKMask } from './topk-mask-graph.ts';

export interface DetectorGraphOptions {
  readonly dims: SignatureDims;
  readonly foldBatchNorm: boolean;
  readonly k: number;
  readonly strategy: MaskStrategy;
}

/**
 * detector.onnx: the deployed method in one graph. The teacher's attention goes through TopK to the mask,
 * the mask (reshaped to the student's [N, h, w]) and the image through the student, and Sigmoid turns
 * the logit into the probability of fake. Outputs prob [N], attention [N, h*w], mask [N, h*w].
 */
export function buildDetectorGraph(model: LearningToMask, options: DetectorGraphOptions): ModelProto {
  const { dims } = options;
  const signature = detectorSignature(dims);
  const graph = new GraphBuilder({ name: 'detector', foldBatchNorm: options.foldBatchNorm });
  const [image] = declareInputs(graph, signature);
  const imageShape = signature.inputs[0]!.shape;
  const [attention] = emitModule(model.teacher, graph, [image!], [imageShape]);
  const maskScope = graph.scope('mask');
  const mask = emitTopKMask(maskScope, attention!, options);
  const [maskGrid] = maskScope.node('Reshape', [mask, maskScope.int64Initializer('grid_shape', [0, dims.h, dims.w], [3])]);
  const studentMaskShape = studentSignature(dims).inputs[1]!.shape;
  const [logit] = emitModule(model.student, graph, [image!, maskGrid!], [imageShape, studentMaskShape]);
  const [prob] = graph.scope('prob').node('Sigmoid', [logit!]);
  declareOutputs(graph, [prob!, attention!, mask], signature);
  // The teacher's emitter also writes its two logits, which this graph does not publish.
  return pruneUnused(graph.toModel());
}
