import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { letterbox } from '../../../../src/runtime-common/faces/letterbox.ts';
import { detectFaces } from '../../../../src/training/face-detector/detect-faces.ts';
import { loadTinyFaceDetector } from '../../../../src/training/face-detector/load-tiny-face-detector.ts';
import type { TinyFaceDetector } from '../../../../src/training/face-detector/tiny-face-detector.ts';
import { decodeRgb } from '../../../../src/util/decode-rgb.ts';
import { chooseBackend } from '../../../../src/training/backend/index.ts';
import { intersectionOverUnion, loadFaceApiDetector, samplePhotos, type ReferenceFace } from './face-api-reference.ts';

const size = 416;
let net: TinyFaceDetector;
let faceApi: Awaited<ReturnType<typeof loadFaceApiDetector>>;

beforeAll(async () => {
  // Both detectors on one tfjs back end; wasm (XNNPACK) keeps six 416 x 416 photos, twice, to seconds.
  await chooseBackend('wasm');
  net = await loadTinyFaceDetector();
  faceApi = await loadFaceApiDetector();
});
afterAll(() => {
  net?.dispose();
  faceApi?.dispose();
});

describe('the tiny face detector against face-api 1.7.15 on its sample photos', () => {
  it.each(samplePhotos.map((photo, i) => [i + 1, photo]))('sample%i.jpg: the same input gives the same faces, scores within 1e-4, boxes IoU >= 0.9', async (_, photo) => {
    const pixels = letterbox(await decodeRgb(photo as string), size);
    const expected: ReferenceFace[] = await tf.tidy(() => tf.mul(tf.tensor3d(pixels, [size, size, 3]), 255) as tf.Tensor3D)
      .data().then((data) => faceApi.locate(tf.tensor3d(data as Float32Array, [size, size, 3])));
    const image = tf.tensor4d(pixels, [1, size, size, 3]);
    const found = detectFaces(net, image, 0.5);
    image.dispose();
    expect(expected.length).toBeGreaterThan(0);
    expect(found.scores.length).toBe(expected.length);
    // Both keep faces highest score first.
    expected.sort((a, b) => b.score - a.score);
    expected.forEach((face, i) => {
      expect(Math.abs(found.scores[i]! - face.score), `face ${i} score`).toBeLessThan(1e-4);
      const [x1, y1, x2, y2] = Array.from(found.boxes.subarray(i * 4, i * 4 + 4), (value) => value * size);
      expect(intersectionOverUnion({ x: x1!, y: y1!, width: x2! - x1!, height: y2! - y1! }, face), `face ${i} box`).toBeGreaterThanOrEqual(0.9);
    });
  });
});
