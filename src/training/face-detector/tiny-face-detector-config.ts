/**
 * The constants of face-api's tiny face detector (src/tinyFaceDetector/const.ts and TinyYolov2Options in
 * @vladmandic/face-api 1.7.15): what its weights were trained with, so they are not settings.
 */
export const tinyFaceDetectorConfig = {
  /** The square input face-api uses by default; the network's stride is 32, so 13 x 13 cells. */
  inputSize: 416,
  stride: 32,
  /** Anchor width and height in cells, (x, y) pairs. */
  anchors: [
    [1.603231, 2.094468],
    [6.041143, 7.080126],
    [2.882459, 3.518061],
    [4.266906, 5.178857],
    [9.041765, 10.66308],
  ],
  meanRgb: [117.001, 114.697, 97.404],
  leakyAlpha: 0.1,
  /** Non-maximum suppression drops a box whose IoU with a kept, higher-scoring box exceeds this. */
  iouThreshold: 0.4,
  /** face-api's default minimum score. */
  scoreThreshold: 0.5,
} as const;
