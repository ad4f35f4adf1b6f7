import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planRuns } from '../../../../src/experiment/grid/plan-runs.ts';
import { parseGrid } from '../../../../src/experiment/grid/read-grid-file.ts';
import { presets } from '../../../../src/training/config.ts';

const file = '/grids/loo.json';
const grid = (overrides: Record<string, unknown> = {}) => ({
  file,
  ...parseGrid({
    data: 'data/synth-80',
    train: { preset: 'small', epochs: 3, 'steps-per-epoch': 100, compression: 'c23' },
    axes: { mask: ['high', 'none'] },
    'train-types': [['swap'], ['reenact', 'graphic', 'texture']],
    seeds: [0, 1],
    ...overrides,
  }, file),
});

describe('planRuns', () => {
  const runs = planRuns(grid(), '/results/loo');

  it('plans configuration x train types x seed runs, seed by seed', () => {
    expect(runs.map((run) => run.label)).toEqual([
      'mask-high, train swap, seed 0', 'mask-none, train swap, seed 0',
      'mask-high, train reenact+graphic+texture, seed 0', 'mask-none, train reenact+graphic+texture, seed 0',
      'mask-high, train swap, seed 1', 'mask-none, train swap, seed 1',
      'mask-high, train reenact+graphic+texture, seed 1', 'mask-none, train reenact+graphic+texture, seed 1',
    ]);
    expect(runs[3]!.folder).toBe(join('/results/loo', 'runs', 'mask-none', 'train-reenact+graphic+texture', 'seed-0'));
  });

  it('gives train the grid\'s flags, the configuration\'s, the train types and the seed', () => {
    expect(runs[2]!.options).toEqual({
      preset: 'small', epochs: 3, stepsPerEpoch: 100, compressions: ['c23'], mask: 'high',
      data: resolve('data/synth-80'), trainTypes: ['reenact', 'graphic', 'texture'], seed: 0,
    });
  });

  it('settles each run\'s settings as ftd train would: the preset with the flags on top', () => {
    const { settings } = runs[5]!;
    expect(settings.preset).toBe('small');
    expect(settings.model).toEqual({ ...presets.small.model, maskStrategy: 'none' });
    expect(settings.train).toEqual({ ...presets.small.train, epochs: 3, stepsPerEpoch: 100, seed: 1 });
    expect(settings.trainTypes).toEqual(['swap']);
    expect(settings.compressions).toEqual(['c23']);
    expect(planRuns(grid({ 'train-types': undefined }), '/r')[0]).toMatchObject({ trainTypes: null, label: 'mask-high, train all, seed 0' });
  });

  it('refuses a combination the trainer refuses, naming the file and the run', () => {
    // tiny's 4x4 map: a mask ratio of 0.01 masks round(0.16) = 0 positions.
    expect(() => planRuns(grid({ train: { preset: 'tiny' }, configurations: [{ name: 'thin', 'mask-ratio': 0.01 }], axes: undefined }), '/r')).toThrow(
      /^\/grids\/loo\.json: run thin, train swap, seed 0: preset tiny with the given flags: maskRatio 0\.01 masks k = round\(maskRatio \* 16\) = 0/,
    );
  });
});
