import type { SourceRect } from '../model-region.ts';
import type { DecodedImage } from '../preprocess.ts';

export interface DetectedFace {
  /** In pixels of the image given to detect(), top-left origin. */
  readonly box: SourceRect;
  /** The detector's confidence in [0, 1]. */
  readonly score: number;
}

export interface FaceFinder {
  /** Faces sorted by score, highest first; [] when there is none (never an error). */
  detect(image: DecodedImage): Promise<DetectedFace[]>;
  release(): Promise<void>;
}
