import { formatDuration } from '../training/loop/progress.ts';
import type { RunState } from './runs/run-state.ts';

/**
 * The grid's ETA: the mean wall time of the runs worked on in this invocation times the runs still to do. Runs
 * of earlier invocations are not counted, since their times may come from another machine or back end.
 */
export class GridClock {
  private readonly seconds: number[] = [];

  add(seconds: number): void {
    this.seconds.push(seconds);
  }

  /** Seconds left for `remaining` runs, or undefined before the first run has finished. */
  eta(remaining: number): number | undefined {
    if (this.seconds.length === 0) return undefined;
    return (remaining * this.seconds.reduce((sum, value) => sum + value, 0)) / this.seconds.length;
  }

  get runs(): number {
    return this.seconds.length;
  }
}

/** "run 3/12 mask-high, train swap, seed 0: training; grid ETA 25m10s (mean of 2 runs)". */
export function runLine(position: number, total: number, label: string, state: RunState, clock: GridClock, remaining: number): string {
  const head = `run ${position}/${total} ${label}`;
  if (state.kind === 'done') return `${head}: evaluated before, reused`;
  const eta = clock.eta(remaining);
  const timing = eta === undefined ? 'grid ETA after the first run' : `grid ETA ${formatDuration(eta)} (mean of ${clock.runs} run${clock.runs === 1 ? '' : 's'})`;
  return `${head}: ${actionFor(state)}; ${timing}`;
}

function actionFor(state: Exclude<RunState, { kind: 'done' }>): string {
  switch (state.kind) {
    case 'new': return 'training';
    case 'unfinished': return `resuming its training at step ${state.step}`;
    case 'unevaluated': return `evaluating (${state.reason})`;
    case 'changed': return `retraining (--force; it was trained with other ${state.differences.map(({ field }) => field).join(', ')})`;
  }
}
