import type { ProgressMode } from '../training/loop/progress.ts';
import type { ProgressStream } from '../util/progress-bar.ts';
import type { StopSignal } from '../util/signal-exit-code.ts';
import type { ExperimentSummary } from './results/aggregate.ts';

/** What `ftd experiment` takes; each field maps to one CLI argument, named in errors. */
export interface ExperimentOptions {
  /** The grid file (JSON). */
  grid: string;
  /** Folder for runs/, grid.json and the results files. */
  out: string;
  /** Retrain runs whose settings differ from the grid file's, instead of stopping with an error. */
  force?: boolean;
  /** The trainer's progress display; default auto. */
  progress?: ProgressMode;
  /** Progress lines and notices; default stderr. */
  stream?: ProgressStream;
}

export interface ExperimentResult {
  /** `interrupted`: a signal stopped the grid after saving the run in progress. */
  status: 'finished' | 'interrupted';
  signal?: StopSignal;
  out: string;
  runs: { total: number; reused: number; trained: number; evaluated: number };
  /** The results files, absolute; empty while no run has been evaluated. */
  files: string[];
  /** Over every run evaluated so far; null when none is. */
  summary: ExperimentSummary | null;
  /** results.md's text; '' when no run is evaluated. */
  markdown: string;
}
