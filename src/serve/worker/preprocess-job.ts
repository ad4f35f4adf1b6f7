import { cropImage } from '../../runtime-common/faces/crop-rule.ts';
import type { SourceRect } from '../../runtime-common/model-region.ts';
import { resizeToSquare, toNchw, type DecodedImage, type FitMode } from '../../runtime-common/preprocess.ts';
import { decodeUpload } from '../decode-upload.ts';
import { HttpError, type ErrorKind } from '../http-error.ts';

/** One uploaded image to turn into graph input. */
export interface PreprocessJob {
  readonly bytes: Uint8Array;
  /** How messages name the upload ("the body", "part 2 (a.jpg)"). */
  readonly what: string;
  readonly maxPixels: number;
  /** The model's input size and fit (model.json `input`). */
  readonly size: number;
  readonly fit: FitMode;
}

/** One uploaded photo to decode whole, for the face detector. */
export type DecodeJob = Omit<PreprocessJob, 'size' | 'fit'>;

/** The faces of a decoded photo to cut out by the crop rule's regions and turn into graph input. */
export interface CropJob {
  readonly image: DecodedImage;
  readonly regions: readonly SourceRect[];
  readonly size: number;
  readonly fit: FitMode;
}

/** What a pre-processing thread is asked to do. */
export type PreprocessTask = { readonly kind: 'prepare'; readonly job: PreprocessJob } | { readonly kind: 'decode'; readonly job: DecodeJob } | { readonly kind: 'crop'; readonly job: CropJob };

type Refusal = { readonly error: { readonly statusCode: number; readonly kind: ErrorKind; readonly message: string } };
export type PreprocessResult = { readonly pixels: Float32Array } | { readonly image: DecodedImage } | Refusal;

/** Decode (with the upload limits) -> the training resize rule -> [3, S, S]: what `ftd infer` does per file. */
export async function runPreprocessJob(job: PreprocessJob): Promise<Float32Array> {
  const image = await decodeUpload(job.bytes, job.what, job.maxPixels);
  return toNchw([resizeToSquare(image, job.size, job.fit)], job.size);
}

/** Each face's crop, resized by the training rule: [n, 3, S, S], the faces in the order of `regions`. */
export function runCropJob(job: CropJob): Float32Array {
  return toNchw(
    job.regions.map((region) => resizeToSquare(cropImage(job.image, region), job.size, job.fit)),
    job.size,
  );
}

/** The task's outcome as it crosses threads: pixels, a decoded image, or the refusal with its status. */
export async function preprocessOutcome(task: PreprocessTask): Promise<PreprocessResult> {
  const what = task.kind === 'crop' ? 'cropping the faces' : `pre-processing ${task.job.what}`;
  try {
    if (task.kind === 'prepare') return { pixels: await runPreprocessJob(task.job) };
    if (task.kind === 'crop') return { pixels: runCropJob(task.job) };
    return { image: ownedImage(await decodeUpload(task.job.bytes, task.job.what, task.job.maxPixels)) };
  } catch (error) {
    if (error instanceof HttpError) return { error: { statusCode: error.statusCode, kind: error.kind, message: error.message } };
    return { error: { statusCode: 500, kind: 'internal', message: `${what} failed: ${error instanceof Error ? error.message : String(error)}` } };
  }
}

/** The buffers a result can give away to the thread it goes to. */
export function resultTransfers(result: PreprocessResult): ArrayBuffer[] {
  if ('pixels' in result) return [result.pixels.buffer as ArrayBuffer];
  if ('image' in result) return [result.image.data.buffer as ArrayBuffer];
  return [];
}

export function resultPixels(result: PreprocessResult): Float32Array {
  if ('pixels' in result) return result.pixels;
  if ('image' in result) throw new Error('a pre-processing thread returned a decoded image where pixels were asked for');
  throw refusal(result);
}

export function resultImage(result: PreprocessResult): DecodedImage {
  if ('image' in result) return result.image;
  if ('pixels' in result) throw new Error('a pre-processing thread returned pixels where a decoded image was asked for');
  throw refusal(result);
}

function refusal(result: Refusal): HttpError {
  return new HttpError(result.error.statusCode, result.error.kind, result.error.message);
}

/**
 * The image over a buffer of its own, so it can be moved between threads without copying: sharp's output can
 * be a view into a larger pooled buffer, which must not be detached.
 */
export function ownedImage(image: DecodedImage): DecodedImage {
  const { data } = image;
  if (data.byteOffset === 0 && data.byteLength === data.buffer.byteLength) return image;
  return { ...image, data: new Uint8Array(data) };
}
