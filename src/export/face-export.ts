import * as tf from '@tensorflow/tfjs-core';
import { join } from 'node:path';
import { letterbox } from '../runtime-common/faces/letterbox.ts';
import type { FaceSection } from '../runtime-common/model-manifest.ts';
import { toNchw } from '../runtime-common/preprocess.ts';
import { detectFaces } from '../training/face-detector/detect-faces.ts';
import { faceApiPackageFolder } from '../training/face-detector/face-api-weights.ts';
import { loadTinyFaceDetector } from '../training/face-detector/load-tiny-face-detector.ts';
import { tinyFaceDetectorConfig as config } from '../training/face-detector/tiny-face-detector-config.ts';
import { decodeRgb } from '../util/decode-rgb.ts';
import type { BuiltGraph } from './build-graphs.ts';
import { encodeModel } from './encode-model.ts';
import { buildFaceGraph } from './face-graph.ts';
import type { ReferenceData } from './reference-outputs.ts';

/** The folder of face.onnx's reference inputs and outputs (ONNX backend-test layout, beside test_data_set_0). */
export const faceTestDataFolder = 'test_data_set_face';

/** A photo of several people from the package's demo folder: the reference every runtime's face.onnx is held to. */
export const faceReferencePhoto = 'demo/sample1.jpg';

export interface FaceExport {
  readonly graph: BuiltGraph;
  readonly reference: ReferenceData;
  readonly section: Omit<FaceSection, 'testData'>;
}

/**
 * face.onnx, built from face-api's shipped weights, with its reference: the sample photo letterboxed by the
 * runtimes' own code and run through ftd's tfjs detector (network, decoding, NMS) at the default threshold.
 */
export async function buildFaceExport(): Promise<FaceExport> {
  const net = await loadTinyFaceDetector();
  try {
    const size = config.inputSize;
    const photo = join(faceApiPackageFolder(), faceReferencePhoto);
    const pixels = letterbox(await decodeRgb(photo).catch((error: Error) => {
      throw new TypeError(`face reference photo ${photo} cannot be decoded: ${error.message}`);
    }), size);
    const threshold = Math.fround(config.scoreThreshold);
    const image = tf.tensor4d(pixels, [1, size, size, 3]);
    const detections = detectFaces(net, image, threshold);
    image.dispose();
    const faces = detections.scores.length;
    return {
      graph: { role: 'face', file: 'face.onnx', bytes: encodeModel(buildFaceGraph(net)) },
      reference: {
        inputs: [
          { name: 'image', type: 'float32', data: toNchw([pixels], size), dims: [1, 3, size, size] },
          { name: 'score_threshold', type: 'float32', data: Float32Array.of(threshold), dims: [1] },
        ],
        outputs: [
          { name: 'boxes', type: 'float32', data: detections.boxes, dims: [faces, 4] },
          { name: 'scores', type: 'float32', data: detections.scores, dims: [faces] },
        ],
      },
      section: {
        inputSize: size,
        scoreThreshold: config.scoreThreshold,
        iouThreshold: config.iouThreshold,
        weights: { package: '@vladmandic/face-api', version: '1.7.15', license: 'MIT' },
      },
    };
  } finally {
    net.dispose();
  }
}
