import type { DetectedFace } from '../../runtime-common/faces/face-finder.ts';
import { mostFakeFace } from '../../runtime-common/faces/score-faces.ts';
import type { SourceRect } from '../../runtime-common/model-region.ts';
import { FAKE_THRESHOLD, verdictOf } from '../../runtime-node/infer/faces-mode.ts';
import type { Verdict } from '../../runtime-common/score-lines.ts';
import type { ImageScore } from '../score-batch.ts';
import type { PhotoFaces } from './photo-faces.ts';

export interface FaceResult {
  /** The detected face, in pixels of the photo as decoded (EXIF orientation applied), top-left origin. */
  readonly box: SourceRect;
  /** The face detector's confidence in [0, 1]. */
  readonly score: number;
  /** The square the forgery detector saw: the box enlarged by the shared crop rule, inside the photo. */
  readonly region: SourceRect;
  /** Probability that the face is fake. */
  readonly prob: number;
  readonly label: 'fake' | 'real';
  readonly attention?: number[];
  readonly mask?: number[];
}

/** A photo's answer: its faces, and its verdict, which is its most fake face's. */
export interface PhotoResult {
  /** The most fake face's probability; null when there is no face. */
  readonly prob: number | null;
  /** `fake`, `real`, or `no faces`, as `ftd infer` labels a photo. */
  readonly label: Verdict;
  /** Index in `faces` of the most fake face; null when there is no face. */
  readonly most_fake_face: number | null;
  readonly faces: FaceResult[];
  /** Faces the detector found; more than `faces` holds when --max-faces cut the list. */
  readonly faces_found: number;
  readonly image: { readonly width: number; readonly height: number };
}

/** The photo's faces with their scores (in the same order) as the reply's JSON. */
export function photoResult(photo: PhotoFaces, scores: readonly ImageScore[], withAttention: boolean): PhotoResult {
  if (scores.length !== photo.faces.length) throw new Error(`${photo.faces.length} faces but ${scores.length} scores`);
  const faces = photo.faces.map((face, i) => faceResult(face, scores[i]!, withAttention));
  const most = mostFakeFace(faces);
  const image = { width: photo.width, height: photo.height };
  if (most === undefined) return { prob: null, label: verdictOf(null), most_fake_face: null, faces, faces_found: photo.found, image };
  return { prob: most.prob, label: most.label, most_fake_face: faces.indexOf(most), faces, faces_found: photo.found, image };
}

function faceResult(face: DetectedFace & { readonly region: SourceRect }, score: ImageScore, withAttention: boolean): FaceResult {
  const result = { box: rect(face.box), score: face.score, region: rect(face.region), prob: score.prob, label: score.prob >= FAKE_THRESHOLD ? ('fake' as const) : ('real' as const) };
  if (!withAttention) return result;
  return { ...result, attention: Array.from(score.attention), mask: Array.from(score.mask) };
}

/** Only the four numbers, whatever else the detector's box object carries. */
function rect({ x, y, width, height }: SourceRect): SourceRect {
  return { x, y, width, height };
}
