import { isAbsolute, relative, sep } from 'node:path';
import type { ScoredSample } from './score-samples.ts';

export const scoresCsvHeader = ['path', 'label', 'type', 'compression', 'video', 'prob'] as const;

/**
 * scores.csv: one row per scored image (RFC 4180, so the project's CSV reader and any spreadsheet read it).
 * Paths are relative to the dataset's root (metrics.json names it), so the file still means something on
 * another machine; `prob` is written in full, so metrics recomputed from the file match metrics.json exactly.
 */
export function scoresCsv(scored: readonly ScoredSample[], datasetRoot: string): string {
  const lines = [scoresCsvHeader.join(',')];
  for (const { sample, prob } of scored) {
    const path = relative(datasetRoot, sample.path);
    const shown = path.startsWith('..') || isAbsolute(path) ? sample.path : path.split(sep).join('/');
    lines.push([shown, String(sample.label), sample.type, sample.compression ?? '', sample.video, String(prob)].map(csvField).join(','));
  }
  return `${lines.join('\n')}\n`;
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
