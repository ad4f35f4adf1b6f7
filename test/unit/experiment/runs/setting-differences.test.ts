import { describe, expect, it } from 'vitest';
import { settingDifferences } from '../../../../src/experiment/runs/setting-differences.ts';
import type { RunRecord } from '../../../../src/training/checkpoint/run-record.ts';
import { presets } from '../../../../src/training/config.ts';
import { settingsForNewRun } from '../../../../src/training/loop/run-settings.ts';

const wanted = settingsForNewRun({ out: 'x', preset: 'small', epochs: 3, seed: 1, trainTypes: ['swap'], compressions: ['c23'] });
const record = (changes: { model?: object; train?: object; data?: object; preset?: string } = {}) => ({
  preset: changes.preset ?? 'small',
  config: { model: { ...wanted.model, ...changes.model }, train: { ...wanted.train, ...changes.train } },
  data: { source: '/data/synth-80', trainTypes: ['swap'], compressions: ['c23'], ...changes.data },
}) as unknown as RunRecord;

describe('settingDifferences', () => {
  it('finds none for a run trained with the same settings', () => {
    expect(settingDifferences(wanted, '/data/synth-80', record())).toEqual([]);
  });

  it('names each differing field by its path in run.json', () => {
    expect(settingDifferences(wanted, '/data/synth-80', record({ train: { epochs: 2 }, model: { mixup: false }, data: { trainTypes: null } }))).toEqual([
      { field: 'config.model.mixup', stored: false, wanted: true },
      { field: 'config.train.epochs', stored: 2, wanted: 3 },
      { field: 'data.trainTypes', stored: null, wanted: ['swap'] },
    ]);
    expect(settingDifferences(wanted, '/data/other', record())).toEqual([{ field: 'data.source', stored: '/data/synth-80', wanted: '/data/other' }]);
  });

  it('shows another preset as the fields it changes', () => {
    const tiny = record({ preset: 'tiny', model: presets.tiny.model });
    const fields = settingDifferences(wanted, '/data/synth-80', tiny).map(({ field }) => field);
    expect(fields).toContain('preset');
    expect(fields).toContain('config.model.imageSize');
    expect(fields).toContain('config.model.teacherBackbone.widthMultiplier');
  });
});
