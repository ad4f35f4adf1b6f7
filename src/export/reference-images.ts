import { readdir } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resizeToSquare, type DecodedImage, type FitMode } from '../runtime-common/preprocess.ts';
import { decodeRgb } from '../util/decode-rgb.ts';

/** The faces shipped with ftd whose tfjs outputs every export stores as its reference test data. */
export const defaultReferenceFolder = fileURLToPath(new URL('../../fixtures/faces/', import.meta.url));

const imageExtensions = new Set(['.png', '.jpg', '.jpeg', '.webp']);

/** The image files directly in `folder`, sorted by name so the reference batch is the same on every machine. */
export async function listReferenceImages(folder: string): Promise<string[]> {
  const names = await readdir(folder).catch((error: NodeJS.ErrnoException) => {
    throw new RangeError(`reference image folder ${folder} cannot be read (${error.code ?? error.message}); expected a folder of PNG or JPEG faces`);
  });
  const images = names.filter((name) => imageExtensions.has(extname(name).toLowerCase())).sort();
  if (images.length === 0) throw new RangeError(`reference image folder ${folder} holds no .png, .jpg or .webp files`);
  return images.map((name) => join(folder, name));
}

/**
 * Decodes one image as the trainer's loader does (src/util/decode-rgb.ts) and pre-processes it with the
 * runtimes' own code: HWC RGB float32 in [0, 1], size x size.
 */
export async function loadReferenceImage(file: string, size: number, fit: FitMode): Promise<Float32Array> {
  let decoded: DecodedImage;
  try {
    decoded = await decodeRgb(file);
  } catch (error) {
    throw new TypeError(`reference image ${file} cannot be decoded: ${(error as Error).message}`);
  }
  return resizeToSquare(decoded, size, fit);
}

/**
 * How many of the shipped faces a dynamic-batch export stores when no images are named: both classes and
 * several codecs, while the paper preset's reference pass on tfjs's cpu back end (about two minutes an image)
 * stays bearable.
 */
export const defaultDynamicReferenceCount = 4;

/**
 * The reference batch: every file for a dynamic-batch export, exactly `batch` images for a fixed one
 * (cycling through the files when there are fewer, as the graphs accept no other batch size).
 */
export function pickReferenceFiles(files: readonly string[], batch: number | 'dynamic'): string[] {
  if (files.length === 0) throw new RangeError('no reference images given; expected at least one image file');
  if (batch === 'dynamic') return [...files];
  return Array.from({ length: batch }, (_, i) => files[i % files.length]!);
}

/** The shipped faces a model is exported with when no images are named (see `defaultDynamicReferenceCount`). */
export async function defaultReferenceFiles(batch: number | 'dynamic'): Promise<string[]> {
  const files = await listReferenceImages(defaultReferenceFolder);
  return pickReferenceFiles(batch === 'dynamic' ? files.slice(0, defaultDynamicReferenceCount) : files, batch);
}
