import { join } from 'node:path';
import { writeFileAtomic } from '../../util/atomic.ts';
import type { RunResult } from '../runs/run-result.ts';
import { confidenceLevel } from '../statistics/t-interval.ts';
import type { ExperimentSummary } from './aggregate.ts';
import type { ResultsContext } from './results-context.ts';
import { resultsMarkdown } from './results-markdown.ts';
import { resultsPng } from './results-plot.ts';

export const resultsFormat = 'ftd-experiment-results';
export const resultsVersion = 1;
export const resultsFiles = ['results.json', 'results.md', 'results.png'] as const;

/**
 * Writes results.json, results.md and results.png into `out`, each atomically: a reader sees the previous
 * complete file or the new one. The three may briefly describe different numbers of runs while a grid runs.
 */
export async function writeResults(out: string, summary: ExperimentSummary, runs: readonly RunResult[], context: ResultsContext): Promise<{ files: string[]; markdown: string }> {
  const document = {
    format: resultsFormat,
    version: resultsVersion,
    ...context,
    complete: context.runsEvaluated === context.runsTotal,
    interval: {
      method: 'Student t',
      level: confidenceLevel,
      description: 'mean +- t(1 - (1 - level) / 2, n - 1) * s / sqrt(n) over n seeds, s their sample standard deviation; ' +
        'null bounds where n = 1. Differences: the same over the per-seed differences from the baseline configuration ' +
        'trained on the same types with the same seed.',
    },
    ...summary,
    runs,
  };
  const files = { 'results.json': `${JSON.stringify(document, null, 2)}\n`, 'results.md': resultsMarkdown(summary, context), 'results.png': await resultsPng(summary) };
  for (const name of resultsFiles) await writeFileAtomic(join(out, name), files[name]);
  return { files: resultsFiles.map((name) => join(out, name)), markdown: files['results.md'] };
}
