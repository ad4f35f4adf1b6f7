import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planRuns } from '../../../src/experiment/grid/plan-runs.ts';
import { readGridFile } from '../../../src/experiment/grid/read-grid-file.ts';

const folder = resolve(import.meta.dirname, '../../../experiments');
const gridFiles = readdirSync(folder).filter((name) => name.endsWith('.json'));

describe.each(gridFiles)('experiments/%s', (name) => {
  it('is a valid grid with the settings the results are reported at: small, 300 steps, c23, 3 seeds, a baseline', async () => {
    const grid = await readGridFile(join(folder, name));
    expect(grid.data).toBe('data/synth-80');
    expect(grid.seeds).toEqual([0, 1, 2]);
    expect(grid.baseline).not.toBeNull();
    const runs = planRuns(grid, '/results');
    expect(runs.length).toBe(grid.configurations.length * grid.trainTypes.length * 3);
    for (const { settings } of runs) {
      expect(settings.preset).toBe('small');
      expect(settings.train.epochs * settings.train.stepsPerEpoch).toBeGreaterThanOrEqual(300);
      expect(settings.compressions).toEqual(['c23']);
    }
  });
});

it('the example grids write the paper\'s tables: Table 3 masks, Table 4 mixup, leave one out', async () => {
  const names = async (file: string) => (await readGridFile(join(folder, file))).configurations.map(({ name }) => name);
  expect(await names('table3-mask.json')).toEqual(['mask-high', 'mask-low', 'mask-random', 'mask-none']);
  expect(await names('table4-mixup.json')).toEqual(['mask-high_mixup', 'mask-high_no-mixup', 'mask-none_mixup', 'mask-none_no-mixup']);
  const leaveOneOut = await readGridFile(join(folder, 'leave-one-out.json'));
  expect(leaveOneOut.trainTypes.map((types) => ['swap', 'reenact', 'graphic', 'texture'].filter((family) => !types!.includes(family)))).toEqual([
    ['swap'], ['reenact'], ['graphic'], ['texture'],
  ]);
});
