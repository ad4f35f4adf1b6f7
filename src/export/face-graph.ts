import { tinyFaceDetectorConfig as config } from '../training/face-detector/tiny-face-detector-config.ts';
import type { TinyFaceDetector } from '../training/face-detector/tiny-face-detector.ts';
import type { GraphSink } from '../training/modules/emit.ts';
import { emitModule } from '../training/modules/emitters.ts';
import { declareInputs, declareOutputs } from './graph-declarations.ts';
import { faceSignature } from './graph-signature.ts';
import { GraphBuilder } from './onnx/graph-builder.ts';
import type { ModelProto } from './onnx/proto.ts';

/**
 * face.onnx: the tiny face detector, its box decoding and NonMaxSuppression in one graph, so every runtime
 * finds the same faces with no post-processing of its own beyond mapping boxes back to the photo. The
 * decoding repeats `decodeFaceBoxes` op for op (the reference outputs come from it).
 */
export function buildFaceGraph(net: TinyFaceDetector): ModelProto {
  const size = config.inputSize;
  const signature = faceSignature(size);
  const graph = new GraphBuilder({ name: 'face', foldBatchNorm: true });
  const [image, scoreThreshold] = declareInputs(graph, signature);
  const [raw] = emitModule(net, graph, [image!], [signature.inputs[0]!.shape]);
  const { boxes, scores } = emitDecoding(graph.scope('decode'), raw!, size / config.stride);
  const nms = graph.scope('nms');
  const candidates = config.anchors.length * (size / config.stride) ** 2;
  const [selected] = nms.node('NonMaxSuppression', [
    nms.node('Reshape', [boxes, nms.int64Initializer('boxes_shape', [1, candidates, 4], [3])])[0]!,
    nms.node('Reshape', [scores, nms.int64Initializer('scores_shape', [1, 1, candidates], [3])])[0]!,
    nms.int64Initializer('max_boxes', [candidates], [1]),
    nms.initializer('iou_threshold', Float32Array.of(config.iouThreshold), [1]),
    scoreThreshold!,
  ]);
  // selected_indices rows are (batch, class, box); only the box column varies here.
  const [kept] = nms.node('Gather', [selected!, nms.int64Initializer('box_column', [2], [])], { axis: 1 });
  const [keptBoxes] = nms.node('Gather', [boxes, kept!], { axis: 0 });
  const [keptScores] = nms.node('Gather', [scores, kept!], { axis: 0 });
  declareOutputs(graph, [keptBoxes!, keptScores!], signature);
  return graph.toModel();
}

/** raw [1, anchors * 5, cells, cells] -> boxes [anchors * cells * cells, 4] (x1, y1, x2, y2) and scores [same]. */
function emitDecoding(sink: GraphSink, raw: string, cells: number): { boxes: string; scores: string } {
  const anchors = config.anchors.length;
  const [encodings] = sink.node('Reshape', [raw, sink.int64Initializer('encoding_shape', [anchors, 5, cells, cells], [4])]);
  const [tx, ty, tw, th, objectness] = sink.node('Split', [encodings!], { axis: 1 }, 5);
  const steps = Float32Array.from({ length: cells }, (_, i) => i);
  const cellCount = sink.initializer('cells', Float32Array.of(cells), [1]);
  const two = sink.initializer('two', Float32Array.of(2), [1]);
  const centre = (t: string, offsets: string) => sink.node('Div', [sink.node('Add', [sink.node('Sigmoid', [t])[0]!, offsets])[0]!, cellCount])[0]!;
  const extent = (t: string, anchor: string) => sink.node('Div', [sink.node('Mul', [sink.node('Exp', [t])[0]!, anchor])[0]!, cellCount])[0]!;
  const centreX = centre(tx!, sink.initializer('column', steps, [1, 1, 1, cells]));
  const centreY = centre(ty!, sink.initializer('row', steps, [1, 1, cells, 1]));
  const width = extent(tw!, sink.initializer('anchor_width', Float32Array.from(config.anchors, ([w]) => w), [anchors, 1, 1, 1]));
  const height = extent(th!, sink.initializer('anchor_height', Float32Array.from(config.anchors, ([, h]) => h), [anchors, 1, 1, 1]));
  const [x1] = sink.node('Sub', [centreX, sink.node('Div', [width, two])[0]!]);
  const [y1] = sink.node('Sub', [centreY, sink.node('Div', [height, two])[0]!]);
  const [x2] = sink.node('Add', [x1!, width]);
  const [y2] = sink.node('Add', [y1!, height]);
  const [corners] = sink.node('Concat', [x1!, y1!, x2!, y2!], { axis: 1 });
  // ONNX reads boxes as (y1, x1, y2, x2); IoU is the same with the axes swapped, so (x1, y1, x2, y2) goes in as is.
  const [boxes] = sink.node('Reshape', [sink.node('Transpose', [corners!], { perm: [0, 2, 3, 1] })[0]!, sink.int64Initializer('corner_shape', [-1, 4], [2])]);
  const [scores] = sink.node('Reshape', [sink.node('Sigmoid', [objectness!])[0]!, sink.int64Initializer('score_shape', [-1], [1])]);
  return { boxes: boxes!, scores: scores! };
}

