import { accuracy } from './accuracy.ts';
import { auc } from './auc.ts';
import { averagePrecision } from './average-precision.ts';
import { checkScoresAndLabels, requireBothClasses } from './check-inputs.ts';
import { equalErrorRate } from './equal-error-rate.ts';
import { rocCurve, type RocPoint } from './roc-curve.ts';
import { videoAuc } from './video-scores.ts';

/** Every detection metric of one evaluation; scores are probabilities of fake. */
export interface DetectionMetrics {
  /** Frame-level AUC, the paper's metric. */
  frameAuc: number;
  /** AUC over videos scored by their mean frame probability. */
  videoAuc: number;
  /** Equal error rate (frame level). */
  eer: number;
  /** Average precision with fakes positive (frame level). */
  ap: number;
  /** Accuracy at probability 0.5 (frame level). */
  acc: number;
  counts: { frames: number; real: number; fake: number; videos: number };
  roc: RocPoint[];
}

/** All metrics at once; `context` (e.g. 'type swap') prefixes error messages. */
export function summarize(scores: ArrayLike<number>, labels: ArrayLike<number>, videos: ArrayLike<string>, context?: string): DetectionMetrics {
  const name = context === undefined ? 'summarize' : `summarize (${context})`;
  const counts = checkScoresAndLabels(name, scores, labels);
  requireBothClasses(name, counts);
  return {
    frameAuc: auc(scores, labels),
    videoAuc: videoAuc(scores, labels, videos),
    eer: equalErrorRate(scores, labels),
    ap: averagePrecision(scores, labels),
    acc: accuracy(scores, labels),
    counts: { frames: scores.length, real: counts.real, fake: counts.fake, videos: new Set(Array.from(videos)).size },
    roc: rocCurve(scores, labels),
  };
}
