import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { JsonFields } from '../../util/json-fields.ts';
import type { PlannedRun } from '../grid/plan-runs.ts';

export interface AucPair {
  frameAuc: number;
  videoAuc: number;
}

/** What the aggregation needs of one evaluated run. */
export interface RunResult {
  configuration: string;
  trainTypes: string[] | null;
  seed: number;
  folder: string;
  /** Each fake type of the test split against all its reals. */
  families: Record<string, AucPair>;
  /** Every test image. */
  overall: AucPair;
}

/** Where `ftd eval` writes for a run, and what the grid evaluates: the test split, at the compressions trained on. */
export const evaluationFolder = (run: PlannedRun) => join(run.folder, 'eval');

/** `report` is an `ftd eval` report (metrics.json), or the AUCs read back from one. */
export function resultFromReport(run: PlannedRun, report: { overall: AucPair; byType: Record<string, AucPair> }): RunResult {
  const pair = ({ frameAuc, videoAuc }: AucPair) => ({ frameAuc, videoAuc });
  const families = Object.fromEntries(Object.entries(report.byType).map(([type, metrics]) => [type, pair(metrics)]));
  return { configuration: run.configuration, trainTypes: run.trainTypes, seed: run.seed, folder: run.folder, families, overall: pair(report.overall) };
}

/**
 * The run's evaluation when it scored the run's last step on the grid's test split; otherwise why it cannot
 * be reused (missing, or from another step, dataset or compression), so the run is evaluated again.
 */
export async function readEvaluation(run: PlannedRun, lastStep: number): Promise<{ result: RunResult } | { reason: string }> {
  const file = join(evaluationFolder(run), 'metrics.json');
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  if (text === null) return { reason: 'not evaluated yet' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new TypeError(`${file} is not JSON: ${(error as Error).message}`);
  }
  const report = new JsonFields(parsed, file, '', 'the report');
  report.literal('format', 'ftd-eval');
  const step = report.object('run').integer('step');
  const data = report.object('data');
  const scored = { source: data.string('source'), split: data.string('split'), types: data.record.types ?? null, compressions: data.record.compressions ?? null };
  const wanted = { source: run.options.data, split: 'test', types: null, compressions: run.settings.compressions };
  if (step !== lastStep) return { reason: `its evaluation scored step ${step}, not the last step ${lastStep}` };
  if (JSON.stringify(scored) !== JSON.stringify(wanted)) return { reason: `its evaluation scored ${JSON.stringify(scored)}, not ${JSON.stringify(wanted)}` };
  const byType = report.object('byType');
  const families = Object.fromEntries(Object.keys(byType.record).map((type) => [type, aucPair(byType.object(type))]));
  return { result: resultFromReport(run, { byType: families, overall: aucPair(report.object('overall')) }) };
}

function aucPair(group: JsonFields): AucPair {
  return { frameAuc: group.number('frameAuc', { atLeast: 0, atMost: 1 }), videoAuc: group.number('videoAuc', { atLeast: 0, atMost: 1 }) };
}
