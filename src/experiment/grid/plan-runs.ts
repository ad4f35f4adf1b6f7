import { join, resolve } from 'node:path';
import type { TrainOptions } from '../../training/loop/train-options.ts';
import { settingsForNewRun, type RunSettings } from '../../training/loop/run-settings.ts';
import type { Grid } from './grid.ts';

/** One training run of a grid, with everything needed to train it, evaluate it and recognise it on disk. */
export interface PlannedRun {
  configuration: string;
  /** Fake types it trains on; null: every type. */
  trainTypes: string[] | null;
  seed: number;
  /** `<out>/runs/<configuration>/train-<types>/seed-<seed>`, absolute. */
  folder: string;
  /** "mask-high, train swap, seed 0", for progress lines and messages. */
  label: string;
  /** What `train` is called with (output, progress and resume are added by the caller). */
  options: Omit<TrainOptions, 'out'> & { data: string };
  /** The configuration the run trains with, as run.json will store it. */
  settings: RunSettings;
}

/**
 * Every run of a grid, seed by seed: all configurations and train types of seed 0 come before any of seed 1,
 * so a grid stopped half way already holds paired runs of every configuration to compare.
 */
export function planRuns(grid: Omit<Grid, 'text'>, out: string): PlannedRun[] {
  const runs: PlannedRun[] = [];
  for (const seed of grid.seeds) {
    for (const trainTypes of grid.trainTypes) {
      for (const configuration of grid.configurations) {
        const options = { ...grid.train, ...configuration.flags, data: resolve(grid.data), trainTypes: trainTypes ?? undefined, seed };
        const trainedOn = trainTypes === null ? 'all' : trainTypes.join('+');
        const label = `${configuration.name}, train ${trainedOn}, seed ${seed}`;
        const folder = join(resolve(out), 'runs', configuration.name, `train-${trainedOn}`, `seed-${seed}`);
        runs.push({
          configuration: configuration.name, trainTypes, seed, label, options, folder,
          settings: settingsOf({ ...options, out: folder }, grid.file, label),
        });
      }
    }
  }
  return runs;
}

/** The preset merged with the flags; a combination the trainer refuses is reported against the grid file. */
function settingsOf(options: TrainOptions, file: string, label: string): RunSettings {
  try {
    return settingsForNewRun(options);
  } catch (error) {
    if (!(error instanceof Error)) throw error;
    const Kind = error instanceof TypeError ? TypeError : RangeError;
    throw new Kind(`${file}: run ${label}: ${error.message}`);
  }
}
