import * as tf from '@tensorflow/tfjs-core';
import { tinyFaceDetectorConfig as config } from './tiny-face-detector-config.ts';

export interface FaceCandidates {
  /** [count, 4]: x1, y1, x2, y2 as fractions of the square input's side. */
  readonly boxes: Float32Array;
  /** [count]: objectness after the sigmoid, in [0, 1]. */
  readonly scores: Float32Array;
}

/**
 * Every anchor of every cell as a box and a score, ordered anchor, row, column (the order face.onnx flattens
 * its NCHW head in, so both break score ties alike). face-api's decoding (TinyYolov2Base.extractBoxes) in
 * float32 tensor ops, in the order face.onnx computes them: centre = (cell + sigmoid(t)) / cells,
 * size = exp(t) * anchor / cells, x1 = centre - size / 2, x2 = x1 + size.
 */
export function decodeFaceBoxes(raw: tf.Tensor4D): FaceCandidates {
  const [n, cells, columns, channels] = raw.shape;
  const anchors = config.anchors.length;
  if (n !== 1 || cells !== columns || channels !== anchors * 5) {
    throw new RangeError(`decodeFaceBoxes: expected the head's output [1, cells, cells, ${anchors * 5}], found [${raw.shape.join(', ')}]`);
  }
  const [boxes, scores] = tf.tidy(() => {
    // [cells, cells, anchors, 5] -> [anchors, 5, cells, cells], the graph's NCHW layout.
    const encodings = tf.transpose(tf.reshape(raw, [cells, cells, anchors, 5]), [2, 3, 0, 1]);
    const [tx, ty, tw, th, objectness] = tf.split(encodings, 5, 1);
    const column = tf.reshape(tf.range(0, cells, 1, 'float32'), [1, 1, 1, cells]);
    const row = tf.reshape(tf.range(0, cells, 1, 'float32'), [1, 1, cells, 1]);
    const anchorWidth = tf.tensor4d(config.anchors.map(([width]) => width), [anchors, 1, 1, 1]);
    const anchorHeight = tf.tensor4d(config.anchors.map(([, height]) => height), [anchors, 1, 1, 1]);
    const centreX = tf.div(tf.add(tf.sigmoid(tx!), column), cells);
    const centreY = tf.div(tf.add(tf.sigmoid(ty!), row), cells);
    const width = tf.div(tf.mul(tf.exp(tw!), anchorWidth), cells);
    const height = tf.div(tf.mul(tf.exp(th!), anchorHeight), cells);
    const x1 = tf.sub(centreX, tf.div(width, 2));
    const y1 = tf.sub(centreY, tf.div(height, 2));
    const corners = tf.concat([x1, y1, tf.add(x1, width), tf.add(y1, height)], 1);
    return [tf.reshape(tf.transpose(corners, [0, 2, 3, 1]), [-1, 4]), tf.reshape(tf.sigmoid(objectness!), [-1])];
  });
  try {
    return { boxes: Float32Array.from(boxes.dataSync()), scores: Float32Array.from(scores.dataSync()) };
  } finally {
    tf.dispose([boxes, scores]);
  }
}
