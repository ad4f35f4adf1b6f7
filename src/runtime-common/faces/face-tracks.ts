/**
 * Faces across the sampled frames of a video, linked into tracks (one per person, as far as boxes can tell),
 * so a video is scored per face the way video AUC scores a video: the mean probability of its frames.
 */

import type { SourceRect } from '../model-region.ts';
import { intersectionOverUnion } from './box-overlap.ts';

/** The least overlap of a face with its track's last box for the two to be linked. */
export const trackOverlap = 0.3;

export interface FrameFace<Face extends { readonly box: SourceRect }> {
  /** Index of the sampled frame (0-based, in time order). */
  readonly frame: number;
  readonly face: Face;
}

export interface FaceTrack<Face extends { readonly box: SourceRect }> {
  /** At most one face per frame, in frame order. */
  readonly faces: ReadonlyArray<FrameFace<Face>>;
}

/**
 * Links each frame's faces to the tracks seen so far, greedily, pair of highest IoU first: a face joins the
 * track whose most recent box it overlaps most (at least `minimumOverlap`), a track takes at most one face per
 * frame, and a face that joins none starts a track. A track whose face is missed for up to `maximumGap`
 * sampled frames (a blink of the detector) continues; after that it ends. Greedy rather than optimal
 * (Hungarian) matching, because faces in one frame rarely overlap each other enough to compete.
 */
export function linkTracks<Face extends { readonly box: SourceRect }>(
  frames: ReadonlyArray<readonly Face[]>,
  options: { minimumOverlap?: number; maximumGap?: number } = {},
): Array<FaceTrack<Face>> {
  const minimumOverlap = options.minimumOverlap ?? trackOverlap;
  const maximumGap = options.maximumGap ?? 2;
  const tracks: Array<{ faces: Array<FrameFace<Face>> }> = [];
  frames.forEach((faces, frame) => {
    const open = tracks.filter((track) => frame - track.faces.at(-1)!.frame <= maximumGap + 1);
    const pairs: Array<{ track: number; face: number; overlap: number }> = [];
    open.forEach((track, t) => {
      const last = track.faces.at(-1)!.face.box;
      faces.forEach((face, f) => {
        const overlap = intersectionOverUnion(last, face.box);
        if (overlap >= minimumOverlap) pairs.push({ track: t, face: f, overlap });
      });
    });
    pairs.sort((a, b) => b.overlap - a.overlap || a.track - b.track || a.face - b.face);
    const takenTracks = new Set<number>();
    const takenFaces = new Set<number>();
    for (const { track, face } of pairs) {
      if (takenTracks.has(track) || takenFaces.has(face)) continue;
      takenTracks.add(track);
      takenFaces.add(face);
      open[track]!.faces.push({ frame, face: faces[face]! });
    }
    faces.forEach((face, f) => {
      if (!takenFaces.has(f)) tracks.push({ faces: [{ frame, face }] });
    });
  });
  return tracks;
}
