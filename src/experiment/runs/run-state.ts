import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { checkpointFileName, loadCheckpoint, readRunFile } from '../../training/checkpoint/index.ts';
import type { RunRecord } from '../../training/checkpoint/run-record.ts';
import type { PlannedRun } from '../grid/plan-runs.ts';
import { readEvaluation, type RunResult } from './run-result.ts';
import { settingDifferences, type SettingDifference } from './setting-differences.ts';

/** What a run's folder holds, and so what the grid still has to do for it. */
export type RunState =
  | { kind: 'new' }
  | { kind: 'changed'; differences: SettingDifference[] }
  | { kind: 'unfinished'; step: number }
  | { kind: 'unevaluated'; reason: string }
  | { kind: 'done'; result: RunResult };

/**
 * Looks at a planned run's folder: no checkpoint yet (new), a checkpoint of other settings (changed), one
 * short of the last step (unfinished: the trainer resumes it), trained but with no evaluation of its last
 * step on the test split (unevaluated), or evaluated (done: reused as it is).
 */
export async function runState(run: PlannedRun): Promise<RunState> {
  const entries = await readdir(run.folder).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [] as string[];
    throw error;
  });
  if (!entries.includes(checkpointFileName)) {
    await removeTornWrites(run.folder, entries);
    return { kind: 'new' };
  }
  const record = await storedRecord(run.folder);
  const differences = settingDifferences(run.settings, run.options.data, record);
  if (differences.length > 0) return { kind: 'changed', differences };
  const lastStep = run.settings.train.epochs * run.settings.train.stepsPerEpoch;
  if (record.step < lastStep) return { kind: 'unfinished', step: record.step };
  const evaluation = await readEvaluation(run, lastStep);
  return 'result' in evaluation ? { kind: 'done', result: evaluation.result } : { kind: 'unevaluated', reason: evaluation.reason };
}

/** run.json, or the checkpoint's own copy of the record when a crash left run.json missing or unreadable. */
async function storedRecord(folder: string): Promise<RunRecord> {
  try {
    return await readRunFile(folder);
  } catch {
    return (await loadCheckpoint(folder)).record;
  }
}

/**
 * A process killed while writing a run's first checkpoint leaves the atomic write's temporary file, and the
 * trainer refuses a non-empty folder for a new run; those files are the only thing a killed grid can leave there.
 */
async function removeTornWrites(folder: string, entries: readonly string[]): Promise<void> {
  for (const entry of entries) if (/^\..+\.[0-9a-f]{12}\.tmp$/.test(entry)) await rm(join(folder, entry), { force: true });
}
