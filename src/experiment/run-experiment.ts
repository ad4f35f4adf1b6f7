import { mkdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { StopRequest, type StopMessages } from '../training/loop/interrupt.ts';
import { formatDuration } from '../training/loop/progress.ts';
import { writeFileAtomic } from '../util/atomic.ts';
import { FlagTypeError } from '../util/flag-error.ts';
import type { ExperimentOptions, ExperimentResult } from './experiment-options.ts';
import { checkDataset } from './grid/check-dataset.ts';
import type { Grid } from './grid/grid.ts';
import { planRuns, type PlannedRun } from './grid/plan-runs.ts';
import { readGridFile } from './grid/read-grid-file.ts';
import { GridClock, runLine } from './grid-progress.ts';
import { aggregate, type ExperimentSummary } from './results/aggregate.ts';
import type { ResultsContext } from './results/results-context.ts';
import { writeResults } from './results/write-results.ts';
import { changedRunsError } from './runs/changed-runs-error.ts';
import type { RunResult } from './runs/run-result.ts';
import { runState, type RunState } from './runs/run-state.ts';
import { workOnRun } from './runs/work-on-run.ts';

const gridMessages: StopMessages = {
  first: (signal) => `${signal}: stopping the grid once the run in progress has saved its checkpoint (send it again to exit at once)`,
  again: (signal) => `${signal} again: exiting now; evaluated runs and the last checkpoint are kept`,
};

/**
 * `ftd experiment`: trains and evaluates every run of a grid file one after the other under `out`, reusing the
 * runs evaluated before and resuming an interrupted one, and after each run rewrites results.json, results.md and
 * results.png over every run evaluated so far. Runs trained with other settings than the file now gives stop it
 * before any work, unless `force` retrains them.
 */
export async function runExperiment(options: ExperimentOptions): Promise<ExperimentResult> {
  const stream = options.stream ?? process.stderr;
  const say = (line: string) => void stream.write(`${line}\n`);
  const grid = await readGridFile(options.grid);
  const out = resolve(options.out);
  const info = await stat(out).catch(() => undefined);
  if (info && !info.isDirectory()) throw new FlagTypeError('--out', `--out ${out} is a file; expected a folder for the runs and results`);
  const runs = planRuns(grid, out);
  await checkDataset(grid, runs);
  const states: RunState[] = [];
  for (const run of runs) states.push(await runState(run));
  const changed = runs.flatMap((run, i) => {
    const state = states[i]!;
    return state.kind === 'changed' ? [{ run, differences: state.differences }] : [];
  });
  if (changed.length > 0 && !options.force) throw changedRunsError(grid.file, out, changed);

  await mkdir(out, { recursive: true });
  await writeFileAtomic(join(out, 'grid.json'), grid.text);
  const results = states.flatMap((state) => (state.kind === 'done' ? [state.result] : []));
  const counts = { total: runs.length, reused: results.length, trained: 0, evaluated: results.length };
  say(`${grid.file}: ${runs.length} runs (${grid.configurations.length} configurations x ${grid.trainTypes.length} train types x ${grid.seeds.length} seeds) in ${out}; ` +
    `${results.length} evaluated before and reused`);
  const publish = () => publishResults(out, grid, runs, results);
  let published: Published = results.length > 0 ? await publish() : { files: [], markdown: '', summary: null };

  const stop = new StopRequest(say, gridMessages);
  const clock = new GridClock();
  let remaining = runs.length - results.length;
  try {
    for (const [i, run] of runs.entries()) {
      const state = states[i]!;
      if (state.kind !== 'done' && stop.signal) break;
      say(runLine(i + 1, runs.length, run.label, state, clock, remaining));
      if (state.kind === 'done') continue;
      const started = performance.now();
      const result = await workOnRun(run, state, { stop, progress: options.progress ?? 'auto', stream });
      if (result === null) break;
      if (state.kind !== 'unevaluated') counts.trained++;
      counts.evaluated++;
      results.push(result);
      published = await publish();
      const seconds = (performance.now() - started) / 1000;
      clock.add(seconds);
      remaining--;
      say(`run ${i + 1}/${runs.length} ${run.label}: done in ${formatDuration(seconds)}; frame AUC overall ${result.overall.frameAuc.toFixed(3)}`);
    }
  } finally {
    stop.dispose();
  }
  if (stop.signal) {
    say(`${stop.signal}: stopped with ${counts.evaluated} of ${runs.length} runs evaluated; run the same command again to continue where it stopped`);
  } else if (published.files.length > 0) {
    say(`wrote ${published.files.join(', ')}`);
  }
  return {
    status: stop.signal ? 'interrupted' : 'finished', ...(stop.signal ? { signal: stop.signal } : {}),
    out, runs: counts, files: published.files, summary: published.summary, markdown: published.markdown,
  };
}

interface Published {
  files: string[];
  markdown: string;
  summary: ExperimentSummary | null;
}

/** Aggregates the runs evaluated so far and rewrites the results files. */
async function publishResults(out: string, grid: Grid, runs: readonly PlannedRun[], results: readonly RunResult[]): Promise<Published> {
  const summary = aggregate(results, { configurations: grid.configurations.map(({ name }) => name), trainTypes: grid.trainTypes, baseline: grid.baseline });
  const context: ResultsContext = { grid: grid.file, data: runs[0]!.options.data, compressions: compressionsText(runs), runsTotal: runs.length, runsEvaluated: results.length };
  return { ...(await writeResults(out, summary, results, context)), summary };
}

/** "c23", "every level", or "set per configuration" where they differ. */
function compressionsText(runs: readonly PlannedRun[]): string {
  const levels = new Set(runs.map((run) => JSON.stringify(run.settings.compressions)));
  if (levels.size > 1) return 'set per configuration';
  return runs[0]!.settings.compressions?.join(', ') ?? 'every level';
}
