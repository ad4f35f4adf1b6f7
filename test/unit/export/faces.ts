import * as tf from '@tensorflow/tfjs-core';
import { toNchw } from '../../../src/runtime-common/preprocess.ts';
import { defaultReferenceFolder, listReferenceImages, loadReferenceImage, pickReferenceFiles } from '../../../src/export/reference-images.ts';

export interface FaceBatch {
  readonly n: number;
  readonly size: number;
  /** NHWC, for tfjs. */
  readonly nhwc: tf.Tensor4D;
  /** NCHW [n, 3, size, size], for the graphs. */
  readonly nchw: Float32Array;
}

/** `n` of the fixture faces (cycling when n exceeds them), pre-processed as the exporter does. */
export async function loadFaces(n: number, size: number): Promise<FaceBatch> {
  const files = pickReferenceFiles(await listReferenceImages(defaultReferenceFolder), n);
  const images = await Promise.all(files.map((file) => loadReferenceImage(file, size, 'fill')));
  const nhwc = new Float32Array(n * size * size * 3);
  images.forEach((image, i) => nhwc.set(image, i * image.length));
  return { n, size, nhwc: tf.tensor4d(nhwc, [n, size, size, 3]), nchw: toNchw(images, size) };
}

/** Largest |a[i] - b[i]|; lengths must match. */
export function maxAbsDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError(`cannot compare ${a.length} values with ${b.length}`);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}

/** Largest |a[i]|. */
export function maxAbs(a: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]!));
  return max;
}
