import type { RunRecord } from '../../training/checkpoint/run-record.ts';
import type { RunSettings } from '../../training/loop/run-settings.ts';
import { isRecord } from '../../util/json-fields.ts';

export interface SettingDifference {
  /** The field's path in run.json: `config.train.epochs`, `config.model.maskStrategy`, `data.trainTypes`. */
  field: string;
  stored: unknown;
  wanted: unknown;
}

/**
 * Where a run on disk was trained differently from what the grid now asks for, field by field, in run.json's
 * own names. Every setting counts, the preset's defaults included, so a changed preset shows as the fields
 * it changes. The back end does not: a run may be resumed on another.
 */
export function settingDifferences(wanted: RunSettings, dataSource: string, record: RunRecord): SettingDifference[] {
  const asStored = (settings: RunSettings, source: string) => ({
    preset: settings.preset,
    config: { model: settings.model, train: settings.train },
    data: { source, trainTypes: settings.trainTypes, compressions: settings.compressions },
  });
  const stored: RunSettings = {
    preset: record.preset, model: record.config.model, train: record.config.train,
    trainTypes: record.data.trainTypes, compressions: record.data.compressions,
  };
  return differingFields(asStored(stored, record.data.source), asStored(wanted, dataSource), '');
}

function differingFields(stored: unknown, wanted: unknown, path: string): SettingDifference[] {
  if (isRecord(stored) && isRecord(wanted)) {
    const keys = [...new Set([...Object.keys(stored), ...Object.keys(wanted)])];
    return keys.flatMap((key) => differingFields(stored[key], wanted[key], path ? `${path}.${key}` : key));
  }
  return JSON.stringify(stored) === JSON.stringify(wanted) ? [] : [{ field: path, stored, wanted }];
}
