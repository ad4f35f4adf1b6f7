import { evaluateRun } from '../../training/eval/evaluate-run.ts';
import type { StopRequest } from '../../training/loop/interrupt.ts';
import type { ProgressMode } from '../../training/loop/progress.ts';
import { train } from '../../training/loop/train.ts';
import type { ProgressStream } from '../../util/progress-bar.ts';
import type { PlannedRun } from '../grid/plan-runs.ts';
import { evaluationFolder, resultFromReport, type RunResult } from './run-result.ts';
import type { RunState } from './run-state.ts';

export interface WorkContext {
  stop: StopRequest;
  progress: ProgressMode;
  stream: ProgressStream;
}

/**
 * Brings one run to evaluated, as `ftd train` and `ftd eval` would: trains it (new, resumed from its checkpoint,
 * or replaced under --force), then scores the test split at the compression levels it trained on. Returns
 * null when a signal stopped it; the trainer has then saved its checkpoint, and a later call resumes it.
 */
export async function workOnRun(run: PlannedRun, state: Exclude<RunState, { kind: 'done' }>, context: WorkContext): Promise<RunResult | null> {
  const { stop, progress, stream } = context;
  if (state.kind !== 'unevaluated') {
    const trained = await train({
      ...run.options, out: run.folder, resume: state.kind === 'unfinished', force: state.kind === 'changed', progress, stream, stop,
    });
    if (trained.status === 'interrupted') return null;
  }
  if (stop.signal) return null;
  const { report } = await evaluateRun({
    run: run.folder,
    data: run.options.data,
    split: 'test',
    compressions: run.settings.compressions ?? undefined,
    backend: run.options.backend,
    skipBad: run.options.skipBad,
    out: evaluationFolder(run),
    log: (line) => void stream.write(`${line}\n`),
  });
  return resultFromReport(run, report);
}
