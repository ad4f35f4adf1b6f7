import type { ScoredFace } from '../../runtime-common/faces/score-faces.ts';
import { mostFakeFace } from '../../runtime-common/faces/score-faces.ts';
import type { FaceLine, Verdict, VideoLine } from '../../runtime-common/score-lines.ts';
import type { DecodedImage } from '../../runtime-common/preprocess.ts';

/** `--faces`: always, never, or (auto) for a picture larger than the model's input on either side. */
export type FacesMode = 'auto' | boolean;

/**
 * Whether a picture is scored per face. Under `auto`, a picture no larger than the model's input on both sides
 * is taken as a face crop already (what the model was trained on); anything larger as a photo with faces in it.
 */
export function scoresFaces(mode: FacesMode, image: Pick<DecodedImage, 'width' | 'height'>, inputSize: number): boolean {
  if (mode !== 'auto') return mode;
  return image.width > inputSize || image.height > inputSize;
}

/** A probability at or above this is labelled fake. */
export const FAKE_THRESHOLD = 0.5;

export function verdictOf(prob: number | null): Verdict {
  if (prob === null) return 'no faces';
  return prob >= FAKE_THRESHOLD ? 'fake' : 'real';
}

/** A photo's faces as the score line records them, and its verdict: its most fake face. */
export function photoVerdict(faces: readonly ScoredFace[]): { prob: number | null; label: Verdict; faces: FaceLine[] } {
  const prob = mostFakeFace(faces)?.prob ?? null;
  return { prob, label: verdictOf(prob), faces: faces.map(({ box, region, score, prob }) => ({ box, region, score, prob })) };
}

/** A video's verdict: its most fake track's mean probability (tracks come most fake first). */
export function videoVerdict(video: VideoLine): { prob: number | null; label: Verdict } {
  const prob = video.tracks[0]?.prob ?? null;
  return { prob, label: verdictOf(prob) };
}
