import type { Detector } from '../../runtime-common/detector.ts';
import type { FaceFinder } from '../../runtime-common/faces/face-finder.ts';
import { linkTracks } from '../../runtime-common/faces/face-tracks.ts';
import { scoreFaces, type ScoredFace } from '../../runtime-common/faces/score-faces.ts';
import { scoreTracks, type ScoredTrack } from '../../runtime-common/faces/track-verdict.ts';
import { probeVideo } from './probe-video.ts';
import { checkVideoPixels, sampleFrames } from './sample-frames.ts';

export interface VideoScoreOptions {
  /** Frames sampled evenly over the video. */
  readonly frames: number;
  /** The most pixels the sampled frames may hold together; checked from the header before decoding. */
  readonly maxPixels: number;
  /** Called after each frame is scored (done counts from 1). */
  readonly onFrame?: (done: number, total: number) => void;
}

export interface VideoScore {
  readonly width: number;
  readonly height: number;
  readonly seconds: number;
  /** Where each sampled frame was taken; a track's `frame` indexes this. */
  readonly frameSeconds: readonly number[];
  /** Sampled frames in which no face was found. */
  readonly framesWithoutFace: number;
  /** One per face followed across frames, most fake first: the first is the video's verdict. */
  readonly tracks: readonly ScoredTrack[];
}

/**
 * A video scored per face: probe (refusing an unreadable or too large video before decoding), sample frames
 * evenly, score every face of each frame by the crop rule, link the faces into tracks by IoU and score each
 * track by its mean probability. Frames are decoded one at a time and dropped once scored.
 */
export async function scoreVideo(file: string, finder: FaceFinder, detector: Detector, options: VideoScoreOptions): Promise<VideoScore> {
  const info = await probeVideo(file);
  checkVideoPixels(file, info, options.frames, options.maxPixels);
  const perFrame: Array<Array<Omit<ScoredFace, 'attention' | 'mask'>>> = [];
  const frameSeconds: number[] = [];
  for await (const frame of sampleFrames(file, info, options.frames)) {
    const faces = await scoreFaces(finder, detector, detector.manifest, frame.image);
    perFrame.push(faces.map(({ box, score, region, prob }) => ({ box, score, region, prob })));
    frameSeconds.push(frame.seconds);
    options.onFrame?.(frame.index + 1, options.frames);
  }
  return {
    width: info.width,
    height: info.height,
    seconds: info.seconds,
    frameSeconds,
    framesWithoutFace: perFrame.filter((faces) => faces.length === 0).length,
    tracks: scoreTracks(linkTracks(perFrame)),
  };
}
