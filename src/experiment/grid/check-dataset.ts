import { openDataset } from '../../training/data/open-dataset.ts';
import { selectSamples } from '../../training/data/select-samples.ts';
import type { Grid } from './grid.ts';
import type { PlannedRun } from './plan-runs.ts';

/**
 * Opens the grid's dataset once and checks that every run will find its training types and compression levels
 * and a test split to be evaluated on, so a typo fails now rather than after hours of earlier runs.
 */
export async function checkDataset(grid: Pick<Grid, 'file' | 'data'>, runs: readonly PlannedRun[]): Promise<void> {
  // Unreadable rows are the trainer's to report (or skip, under skip-bad); here only the names matter.
  const dataset = await openDataset(runs[0]!.options.data, { skipBad: true }).catch((error: Error) => {
    throw new RangeError(`${grid.file}: data ${grid.data}: ${error.message}`);
  });
  const checked = new Set<string>();
  for (const run of runs) {
    const { trainTypes, compressions } = run.settings;
    const key = JSON.stringify([trainTypes, compressions]);
    if (checked.has(key)) continue;
    checked.add(key);
    try {
      selectSamples(dataset.samples, { split: 'train', types: trainTypes ?? undefined, compressions: compressions ?? undefined });
    } catch (error) {
      throw new RangeError(`${grid.file}: run ${run.label}: ${(error as Error).message}`);
    }
    const test = selectSamples(dataset.samples, { split: 'test', compressions: compressions ?? undefined });
    if (!test.some((sample) => sample.label === 0) || !test.some((sample) => sample.label === 1)) {
      throw new RangeError(`${grid.file}: data ${grid.data} has no test split with real and fake images${compressions ? ` at ${compressions.join(', ')}` : ''}; ` +
        'ftd experiment evaluates every run on it');
    }
  }
}
