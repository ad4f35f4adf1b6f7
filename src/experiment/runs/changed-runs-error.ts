import { relative } from 'node:path';
import { jsonText } from '../../util/json-fields.ts';
import type { PlannedRun } from '../grid/plan-runs.ts';
import type { SettingDifference } from './setting-differences.ts';

/** Runs on disk trained with other settings than the grid file now gives, one line per run and field. */
export function changedRunsError(file: string, out: string, changed: ReadonlyArray<{ run: PlannedRun; differences: SettingDifference[] }>): RangeError {
  const lines = changed.flatMap(({ run, differences }) =>
    differences.map(({ field, stored, wanted }) => `  ${relative(out, run.folder)}: run.json ${field} is ${jsonText(stored)}, the grid file now gives ${jsonText(wanted)}`));
  const shown = lines.length > 20 ? [...lines.slice(0, 20), `  ... and ${lines.length - 20} more`] : lines;
  return new RangeError(
    `${file} asks for other settings than ${changed.length} run${changed.length === 1 ? '' : 's'} already in ${out} ` +
      `${changed.length === 1 ? 'was' : 'were'} trained with:\n${shown.join('\n')}\n` +
      'Results of different settings are never mixed: pass --force to retrain these runs with the grid file\'s settings, or choose another --out.',
  );
}
