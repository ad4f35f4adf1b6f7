import { resizeToSquare, toNchw, type FitMode } from '../../runtime-common/preprocess.ts';
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

export type PreprocessResult = { readonly pixels: Float32Array } | { readonly error: { readonly statusCode: number; readonly kind: ErrorKind; readonly message: string } };

/** Decode (with the upload limits) -> the training resize rule -> [3, S, S]: what `ftd infer` does per file. */
export async function runPreprocessJob(job: PreprocessJob): Promise<Float32Array> {
  const image = await decodeUpload(job.bytes, job.what, job.maxPixels);
  return toNchw([resizeToSquare(image, job.size, job.fit)], job.size);
}

/** The job's outcome as it crosses threads: pixels, or the refusal with its status. */
export async function preprocessOutcome(job: PreprocessJob): Promise<PreprocessResult> {
  try {
    return { pixels: await runPreprocessJob(job) };
  } catch (error) {
    if (error instanceof HttpError) return { error: { statusCode: error.statusCode, kind: error.kind, message: error.message } };
    return { error: { statusCode: 500, kind: 'internal', message: `pre-processing ${job.what} failed: ${error instanceof Error ? error.message : String(error)}` } };
  }
}

export function resultPixels(result: PreprocessResult): Float32Array {
  if ('pixels' in result) return result.pixels;
  throw new HttpError(result.error.statusCode, result.error.kind, result.error.message);
}
