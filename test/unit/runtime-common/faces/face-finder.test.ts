import * as tf from '@tensorflow/tfjs-core';
import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openFaceFinder } from '../../../../src/runtime-common/faces/open-face-finder.ts';
import type { FaceFinder } from '../../../../src/runtime-common/faces/face-finder.ts';
import type { DecodedImage } from '../../../../src/runtime-common/preprocess.ts';
import { fileModelSource } from '../../../../src/runtime-node/file-model-source.ts';
import { nodeSessionFactory } from '../../../../src/runtime-node/node-session.ts';
import { chooseBackend } from '../../../../src/training/backend/index.ts';
import { decodeRgb } from '../../../../src/util/decode-rgb.ts';
import { exportFaceModel } from '../../../helpers/face-model.ts';
import { intersectionOverUnion, loadFaceApiDetector, samplePhotos, type ReferenceFace } from '../../training/face-detector/face-api-reference.ts';
import { faceRuntimes } from './runtimes.ts';

let model: Awaited<ReturnType<typeof exportFaceModel>>;
const photos: DecodedImage[] = [];
/** face-api's detectAllFaces-equivalent on each whole photo: its own padding and (bilinear) resizing. */
const reference: ReferenceFace[][] = [];

beforeAll(async () => {
  model = await exportFaceModel();
  await chooseBackend('wasm');
  const faceApi = await loadFaceApiDetector();
  try {
    for (const file of samplePhotos) {
      const photo = await decodeRgb(file);
      photos.push(photo);
      const pixels = tf.tensor3d(photo.data, [photo.height, photo.width, 3], 'int32');
      reference.push(await faceApi.locate(pixels));
      pixels.dispose();
    }
  } finally {
    faceApi.dispose();
  }
});
afterAll(() => model?.remove());

describe.each(faceRuntimes)('FaceFinder on $name', ({ unavailable, factory }) => {
  let finder: FaceFinder;
  beforeAll(async () => {
    if (!unavailable) finder = await openFaceFinder(fileModelSource(model.folder), await factory());
  });
  afterAll(() => finder?.release());

  it.skipIf(unavailable !== undefined)('finds the faces face-api finds in each whole sample photo (IoU >= 0.8), in photo pixels, highest score first', async () => {
    let matched = 0;
    for (const [i, photo] of photos.entries()) {
      const faces = await finder.detect(photo);
      expect(faces.map((face) => face.score)).toEqual(faces.map((face) => face.score).sort((a, b) => b - a));
      for (const { box, score } of faces) {
        expect(score).toBeGreaterThan(0.5);
        expect(box.x).toBeGreaterThanOrEqual(0);
        expect(box.y).toBeGreaterThanOrEqual(0);
        expect(box.x + box.width).toBeLessThanOrEqual(photo.width);
        expect(box.y + box.height).toBeLessThanOrEqual(photo.height);
      }
      // face-api resizes the padded photo without antialiasing and ftd with it, so the two see slightly different
      // pixels: a face near the threshold may be kept by one only, and boxes move by a few pixels (IoU 0.84 at
      // worst on these photos, against >= 0.9 and scores within 1e-4 when both get the same input: see
      // tiny-face-detector.test.ts). Every face that clears the threshold by 0.05 in either must be in both.
      for (const [mine, theirs] of [[faces.map((face) => ({ ...face.box, score: face.score })), reference[i]!], [reference[i]!, faces.map((face) => ({ ...face.box, score: face.score }))]] as const) {
        for (const face of mine.filter((candidate) => candidate.score > 0.55)) {
          const best = Math.max(0, ...theirs.map((other) => intersectionOverUnion(face, other)));
          expect(best, `sample${i + 1}.jpg face at ${face.x.toFixed(0)},${face.y.toFixed(0)} score ${face.score.toFixed(3)}`).toBeGreaterThanOrEqual(0.8);
          matched++;
        }
      }
    }
    expect(matched).toBeGreaterThanOrEqual(2 * photos.length);
  });

  it.skipIf(unavailable !== undefined)('returns [] for a photo without a face (a smooth gradient)', async () => {
    const width = 640;
    const height = 360;
    const data = new Uint8Array(width * height * 3);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) data.set([(255 * x) / width, (255 * y) / height, 128], (y * width + x) * 3);
    }
    expect(await finder.detect({ data, width, height, channels: 3 })).toEqual([]);
  });

  it.skipIf(unavailable !== undefined)('keeps only faces above a given threshold', async () => {
    const strict = await openFaceFinder(fileModelSource(model.folder), await factory(), { scoreThreshold: 0.8 });
    try {
      const all = await finder.detect(photos[0]!);
      const kept = await strict.detect(photos[0]!);
      expect(kept.map((face) => face.score)).toEqual(all.filter((face) => face.score > 0.8).map((face) => face.score));
    } finally {
      await strict.release();
    }
  });
});

describe('openFaceFinder', () => {
  it('refuses a face.onnx that differs from model.json, naming the file', async () => {
    const copy = join(model.folder, '..', 'tampered');
    await cp(model.folder, copy, { recursive: true });
    const bytes = await readFile(join(copy, 'face.onnx'));
    bytes[bytes.length - 1] ^= 1;
    await writeFile(join(copy, 'face.onnx'), bytes);
    await expect(openFaceFinder(fileModelSource(copy), nodeSessionFactory('cpu').factory)).rejects.toThrow(/tampered\/face\.onnx has sha256 [0-9a-f]{64} but model\.json records/);
  });

  it('says how to get face.onnx when the export skipped it', async () => {
    const copy = join(model.folder, '..', 'without-faces');
    await cp(model.folder, copy, { recursive: true });
    const manifest = JSON.parse(await readFile(join(copy, 'model.json'), 'utf8'));
    delete manifest.graphs.face;
    delete manifest.face;
    await writeFile(join(copy, 'model.json'), JSON.stringify(manifest));
    await expect(openFaceFinder(fileModelSource(copy), nodeSessionFactory('cpu').factory)).rejects.toThrow(/model\.json has no face graph; export the model again with this ftd \(without --no-faces\)/);
  });
});
