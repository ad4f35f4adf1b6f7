import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planRuns } from '../../../src/experiment/grid/plan-runs.ts';
import { readGridFile } from '../../../src/experiment/grid/read-grid-file.ts';

const folder = resolve(import.meta.dirname, '../../../experiments');
const gridFiles = readdirSync(folder).filter((name) => name.endsWith('.json'));

describe.each(gridFiles)('experiments/%s', (name) => {
  it('is a valid grid with the settings the results are reported at: small, 300 steps, c23, 3 seeds and a baseline (one seed for the calibration)', async () => {
    const grid = await readGridFile(join(folder, name));
    expect(grid.data).toBe('data/synth-80');
    if (name.startsWith('calibration-cnn')) {
      expect(grid.seeds).toEqual([0]);
    } else {
      expect(grid.seeds).toEqual([0, 1, 2]);
      expect(grid.baseline).not.toBeNull();
    }
    const runs = planRuns(grid, '/results');
    expect(runs.length).toBe(grid.configurations.length * grid.trainTypes.length * grid.seeds.length);
    for (const { settings } of runs) {
      expect(settings.preset).toBe('small');
      expect(settings.train.epochs * settings.train.stepsPerEpoch).toBeGreaterThanOrEqual(300);
      expect(settings.compressions).toEqual(['c23']);
    }
  });
});

it('the example grids write the paper\'s tables: Table 3 masks, Table 4 mixup, leave one out, the calibration in two files', async () => {
  const names = async (file: string) => (await readGridFile(join(folder, file))).configurations.map(({ name }) => name);
  // The same settings carry the same name in every file, so grids sharing a --runs folder share those runs.
  expect(await names('table3-mask.json')).toEqual(['mask-high_mixup', 'mask-low_mixup', 'mask-random_mixup', 'mask-none_mixup']);
  expect(await names('table4-mixup.json')).toEqual(['mask-high_mixup', 'mask-high_no-mixup', 'mask-none_mixup', 'mask-none_no-mixup']);
  const leaveOneOut = await readGridFile(join(folder, 'leave-one-out.json'));
  expect(await names('leave-one-out.json')).toEqual(['mask-high_mixup', 'mask-none_mixup']);
  expect(await names('calibration-cnn.json')).toEqual(['mask-none_no-mixup']);
  expect(await names('calibration-cnn-all-four.json')).toEqual(['mask-none_no-mixup']);
  expect(await names('method-1200.json')).toEqual(['mask-high_mixup', 'mask-none_no-mixup']);
  // The calibration's last row is the one detector that sees every family; each other row sees one.
  expect((await readGridFile(join(folder, 'calibration-cnn.json'))).trainTypes).toEqual([['swap'], ['reenact'], ['graphic'], ['texture']]);
  expect((await readGridFile(join(folder, 'calibration-cnn-all-four.json'))).trainTypes).toEqual([['swap', 'reenact', 'graphic', 'texture']]);
  expect(leaveOneOut.trainTypes.map((types) => ['swap', 'reenact', 'graphic', 'texture'].filter((family) => !types!.includes(family)))).toEqual([
    ['swap'], ['reenact'], ['graphic'], ['texture'],
  ]);
});
