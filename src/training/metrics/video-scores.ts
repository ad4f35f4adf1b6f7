import { auc } from './auc.ts';
import { checkScoresAndLabels } from './check-inputs.ts';

export interface VideoScores {
  videos: string[];
  /** Mean frame score per video. */
  scores: Float64Array;
  labels: Uint8Array;
}

/** Averages frame scores per video, in order of first appearance; a video's frames must share one label. */
export function videoScores(scores: ArrayLike<number>, labels: ArrayLike<number>, videos: ArrayLike<string>): VideoScores {
  checkScoresAndLabels('video AUC', scores, labels);
  if (videos?.length !== scores.length) {
    throw new RangeError(`video AUC: videos has ${videos?.length} values but scores has ${scores.length}; they must match one to one`);
  }
  const index = new Map<string, number>();
  const sums: number[] = [];
  const counts: number[] = [];
  const videoLabels: number[] = [];
  for (let i = 0; i < scores.length; i++) {
    const video = videos[i]!;
    if (typeof video !== 'string') throw new TypeError(`video AUC: videos[${i}] is ${typeof video}; expected a video id string`);
    let v = index.get(video);
    if (v === undefined) {
      v = sums.length;
      index.set(video, v);
      sums.push(0);
      counts.push(0);
      videoLabels.push(labels[i]!);
    } else if (videoLabels[v] !== labels[i]) {
      throw new RangeError(`video AUC: video "${video}" has frames labelled both real and fake (labels[${i}] is ${labels[i]})`);
    }
    sums[v]! += scores[i]!;
    counts[v]!++;
  }
  return { videos: [...index.keys()], scores: Float64Array.from(sums, (sum, v) => sum / counts[v]!), labels: Uint8Array.from(videoLabels) };
}

/** AUC over videos, each scored by the mean probability of its frames. */
export function videoAuc(scores: ArrayLike<number>, labels: ArrayLike<number>, videos: ArrayLike<string>): number {
  const perVideo = videoScores(scores, labels, videos);
  return auc(perVideo.scores, perVideo.labels);
}
