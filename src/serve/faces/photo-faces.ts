import type { DetectedFace } from '../../runtime-common/faces/face-finder.ts';
import { faceCropRegion, pixelRegion } from '../../runtime-common/faces/crop-rule.ts';
import type { SourceRect } from '../../runtime-common/model-region.ts';
import type { ServedModel } from '../served-model.ts';
import type { Upload } from '../read-uploads.ts';
import type { Preprocessor } from '../worker/preprocess-pool.ts';
import type { ThreadFaceFinder } from '../worker/worker-detector.ts';

/** One photo's faces, cropped by the shared rule and pre-processed, ready to join the micro-batches. */
export interface PhotoFaces {
  readonly width: number;
  readonly height: number;
  /** The faces to score, highest detector score first: at most `maxFaces` of those found. */
  readonly faces: ReadonlyArray<DetectedFace & { readonly region: SourceRect }>;
  /** How many faces the detector found, scored or not. */
  readonly found: number;
  /** One [3, S, S] array per face, in the order of `faces`. */
  readonly pixels: Float32Array[];
}

export interface PhotoLimits {
  readonly maxPixels: number;
  readonly maxFaces: number;
}

/**
 * An uploaded photo -> decoded (refused past --max-pixels from its header, as every upload is) -> the model's face
 * detector -> each face's crop region by the shared rule -> cropped and resized by the training rule. The same
 * steps as scoreFaces (runtime-common), spread over the server's threads: decoding and cropping on the
 * pre-processing threads, the face detector in the detector's thread, scoring in the shared micro-batches.
 */
export async function photoFaces(upload: Upload, model: ServedModel, finder: ThreadFaceFinder, preprocessor: Preprocessor, limits: PhotoLimits): Promise<PhotoFaces> {
  const decoded = await preprocessor.decode({ bytes: upload.bytes, what: upload.what, maxPixels: limits.maxPixels });
  const { width, height } = decoded;
  const { faces: found, image } = await finder.find(decoded);
  const faces = found.slice(0, limits.maxFaces).map((face) => ({ ...face, region: pixelRegion(faceCropRegion(face.box, width, height), width, height) }));
  if (faces.length === 0) return { width, height, faces, found: found.length, pixels: [] };
  const { size, fit } = model.detector.manifest.input;
  const batch = await preprocessor.crop({ image, regions: faces.map((face) => face.region), size, fit });
  const plane = 3 * size * size;
  const pixels = faces.map((_, i) => batch.slice(i * plane, (i + 1) * plane));
  return { width, height, faces, found: found.length, pixels };
}
