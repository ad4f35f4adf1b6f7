import type { SkippedSample } from '../data/sample.ts';
import { summarize, type DetectionMetrics } from '../metrics/summarize.ts';
import { summarizeByCompression, summarizeByType } from '../metrics/summarize-groups.ts';
import type { ScoredSample } from './score-samples.ts';

export const evalReportFormat = 'ftd-eval';
export const evalReportVersion = 1;

/** One group's metrics as metrics.json stores them; the ROC points are left to roc.png and scores.csv. */
export type GroupMetrics = Omit<DetectionMetrics, 'roc'>;

/** metrics.json. */
export interface EvalReport {
  format: typeof evalReportFormat;
  version: typeof evalReportVersion;
  run: { folder: string; preset: string; step: number; epoch: number; maskStrategy: string };
  data: { source: string; root: string; format: string; split: string; types: string[] | null; compressions: string[] | null; skipped: SkippedSample[] };
  backend: { name: string; package: string; device: string };
  /** Every scored image. */
  overall: GroupMetrics;
  /** Each fake type against all the reals. */
  byType: Record<string, GroupMetrics>;
  /** Each compression level's reals against its fakes; levels holding one class only are listed in `notes`. */
  byCompression: Record<string, GroupMetrics>;
  notes: string[];
}

export interface ScoredMetrics {
  overall: DetectionMetrics;
  byType: Record<string, DetectionMetrics>;
  byCompression: Record<string, DetectionMetrics>;
  notes: string[];
}

/**
 * Every metric of a scored split. A split holding one class fails in the metrics module, whose message
 * names `splitName`; a compression level holding one class (all its reals were filtered out, say) has no
 * AUC, so it is left out of the per-compression rows with a note rather than failing the evaluation.
 */
export function scoreMetrics(scored: readonly ScoredSample[], splitName: string): ScoredMetrics {
  const scores = scored.map(({ prob }) => prob);
  const labels = scored.map(({ sample }) => sample.label);
  const videos = scored.map(({ sample }) => sample.video);
  const overall = summarize(scores, labels, videos, splitName);
  const byType = summarizeByType(scores, labels, videos, scored.map(({ sample }) => sample.type));
  const classes = new Map<string, Set<number>>();
  for (const { sample } of scored) {
    if (sample.compression === undefined) continue;
    const present = classes.get(sample.compression) ?? new Set<number>();
    present.add(sample.label);
    classes.set(sample.compression, present);
  }
  const oneClass = [...classes].filter(([, present]) => present.size < 2).map(([level]) => level).sort();
  const compressions = scored.map(({ sample }) => (sample.compression !== undefined && !oneClass.includes(sample.compression) ? sample.compression : undefined));
  const byCompression = compressions.some((level) => level !== undefined) ? summarizeByCompression(scores, labels, videos, compressions) : {};
  const notes = oneClass.map((level) => `compression ${level} holds only ${classes.get(level)!.has(1) ? 'fake' : 'real'} images in ${splitName}; it has no per-compression row`);
  return { overall, byType, byCompression, notes };
}

/** The metrics as metrics.json stores them: every group without its ROC points. */
export function withoutRoc(metrics: ScoredMetrics): Pick<EvalReport, 'overall' | 'byType' | 'byCompression' | 'notes'> {
  const strip = ({ roc: _roc, ...group }: DetectionMetrics): GroupMetrics => group;
  const stripAll = (groups: Record<string, DetectionMetrics>) => Object.fromEntries(Object.entries(groups).map(([key, group]) => [key, strip(group)]));
  return { overall: strip(metrics.overall), byType: stripAll(metrics.byType), byCompression: stripAll(metrics.byCompression), notes: metrics.notes };
}
