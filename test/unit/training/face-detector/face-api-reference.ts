import * as tf from '@tensorflow/tfjs-core';
import { join } from 'node:path';
import { faceApiModelFolder, faceApiPackageFolder, readTfjsWeights, tinyFaceDetectorFiles } from '../../../../src/training/face-detector/face-api-weights.ts';

/** A face as face-api reports it: box in pixels of the input it was given, and its score. */
export interface ReferenceFace {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly score: number;
}

interface FaceApiNet {
  loadFromWeightMap(weights: tf.NamedTensorMap): Promise<void>;
  locateFaces(input: tf.Tensor3D, options: unknown): Promise<Array<{ score: number; box: { x: number; y: number; width: number; height: number } }>>;
  dispose(): void;
}

/**
 * face-api's own tiny face detector (its TypeScript sources, run on ftd's tfjs: see test/helpers/face-api-tfjs.ts)
 * with the shipped weights. The module path is computed so that the type checker does not compile face-api's
 * sources under ftd's settings; vitest resolves it at run time.
 */
export async function loadFaceApiDetector(): Promise<{ locate(pixels: tf.Tensor3D): Promise<ReferenceFace[]>; dispose(): void }> {
  const source = (file: string) => join(faceApiPackageFolder(), 'src', file);
  const { TinyFaceDetector } = (await import(source('tinyFaceDetector/TinyFaceDetector.ts'))) as { TinyFaceDetector: new () => FaceApiNet };
  const { TinyFaceDetectorOptions } = (await import(source('tinyFaceDetector/TinyFaceDetectorOptions.ts'))) as { TinyFaceDetectorOptions: new () => unknown };
  const weights = await readTfjsWeights(faceApiModelFolder(), tinyFaceDetectorFiles.manifest);
  const net = new TinyFaceDetector();
  await net.loadFromWeightMap(Object.fromEntries(weights));
  return {
    locate: async (pixels) => (await net.locateFaces(pixels, new TinyFaceDetectorOptions())).map(({ score, box }) => ({ x: box.x, y: box.y, width: box.width, height: box.height, score })),
    dispose: () => net.dispose(),
  };
}

/** The package's demo photos, several faces each. */
export const samplePhotos = [1, 2, 3, 4, 5, 6].map((i) => join(faceApiPackageFolder(), 'demo', `sample${i}.jpg`));

/** Intersection over union of two {x, y, width, height} boxes. */
export function intersectionOverUnion(a: { x: number; y: number; width: number; height: number }, b: typeof a): number {
  const width = Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x));
  const height = Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y));
  const intersection = width * height;
  return intersection / (a.width * a.height + b.width * b.height - intersection);
}
