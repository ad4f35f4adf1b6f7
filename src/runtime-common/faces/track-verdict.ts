import type { SourceRect } from '../model-region.ts';
import type { FaceTrack } from './face-tracks.ts';

export interface TrackFace {
  readonly box: SourceRect;
  readonly score: number;
  readonly prob: number;
}

export interface ScoredTrack {
  /** The mean probability of its faces: a track is scored as video AUC scores a video. */
  readonly prob: number;
  readonly frames: ReadonlyArray<{ readonly frame: number } & TrackFace>;
}

/** Each track scored by the mean probability of its faces, most fake first (ties: the earlier track). */
export function scoreTracks<Face extends TrackFace>(tracks: ReadonlyArray<FaceTrack<Face>>): ScoredTrack[] {
  const scored = tracks.map((track, order) => ({
    order,
    prob: track.faces.reduce((sum, { face }) => sum + face.prob, 0) / track.faces.length,
    frames: track.faces.map(({ frame, face }) => ({ frame, box: face.box, score: face.score, prob: face.prob })),
  }));
  scored.sort((a, b) => b.prob - a.prob || a.order - b.order);
  return scored.map(({ prob, frames }) => ({ prob, frames }));
}
