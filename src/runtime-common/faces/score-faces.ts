import type { Detector } from '../detector.ts';
import type { SourceRect } from '../model-region.ts';
import type { ModelManifest } from '../model-manifest.ts';
import { resizeToSquare, toNchw, type DecodedImage } from '../preprocess.ts';
import { cropImage, faceCropRegion, pixelRegion } from './crop-rule.ts';
import type { DetectedFace, FaceFinder } from './face-finder.ts';

export interface ScoredFace extends DetectedFace {
  /** The crop the forgery detector saw, on whole pixels of the image (the crop rule's square). */
  readonly region: SourceRect;
  /** Probability that the face is fake. */
  readonly prob: number;
  /** The teacher's attention and the student's mask over the crop's h*w feature positions. */
  readonly attention: Float32Array;
  readonly mask: Float32Array;
}

/**
 * detect -> the crop rule -> the model's pre-processing -> the forgery detector, every face of the image in one
 * batch. Faces keep the finder's order (highest detector score first); [] for an image without a face.
 */
export async function scoreFaces(finder: FaceFinder, detector: Detector, manifest: ModelManifest, image: DecodedImage): Promise<ScoredFace[]> {
  const faces = await finder.detect(image);
  if (faces.length === 0) return [];
  const { size, fit } = manifest.input;
  const regions = faces.map((face) => pixelRegion(faceCropRegion(face.box, image.width, image.height), image.width, image.height));
  const input = toNchw(regions.map((region) => resizeToSquare(cropImage(image, region), size, fit)), size);
  const detection = await detector.detect(input, faces.length);
  const positions = manifest.featureGrid.h * manifest.featureGrid.w;
  return faces.map((face, i) => ({
    box: face.box,
    score: face.score,
    region: regions[i]!,
    prob: detection.prob[i]!,
    attention: detection.attention.slice(i * positions, (i + 1) * positions),
    mask: detection.mask.slice(i * positions, (i + 1) * positions),
  }));
}

/** The image's verdict: its most fake face, or undefined when it has none. */
export function mostFakeFace<Face extends { readonly prob: number }>(faces: readonly Face[]): Face | undefined {
  return faces.reduce<Face | undefined>((worst, face) => (worst === undefined || face.prob > worst.prob ? face : worst), undefined);
}
