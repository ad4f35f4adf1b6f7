import * as tf from '@tensorflow/tfjs-core';
import { decodeFaceBoxes } from './decode-face-boxes.ts';
import { nonMaxSuppression } from './non-max-suppression.ts';
import { tinyFaceDetectorConfig as config } from './tiny-face-detector-config.ts';
import type { TinyFaceDetector } from './tiny-face-detector.ts';

export interface FaceDetections {
  /** [count, 4]: x1, y1, x2, y2 as fractions of the input's side, in the order kept (highest score first). */
  readonly boxes: Float32Array;
  readonly scores: Float32Array;
}

/**
 * What face.onnx computes, on tfjs: the network, the box decoding and non-maximum suppression, for one
 * pre-processed square image (NHWC [1, S, S, 3] in [0, 1]). The export's reference outputs come from here.
 */
export function detectFaces(net: TinyFaceDetector, image: tf.Tensor4D, scoreThreshold: number): FaceDetections {
  const raw = net.forward(image);
  try {
    const candidates = decodeFaceBoxes(raw);
    const kept = nonMaxSuppression(candidates, config.iouThreshold, scoreThreshold);
    const boxes = new Float32Array(kept.length * 4);
    kept.forEach((index, i) => boxes.set(candidates.boxes.subarray(index * 4, index * 4 + 4), i * 4));
    return { boxes, scores: Float32Array.from(kept, (index) => candidates.scores[index]!) };
  } finally {
    raw.dispose();
  }
}
