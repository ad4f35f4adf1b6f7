import { describe, expect, it } from 'vitest';
import { aggregate, columnValues } from '../../../../src/experiment/results/aggregate.ts';
import { exampleOrder, exampleRuns } from './example-runs.ts';

const t2 = 4.302652730; // t(0.975, 2)

describe('aggregate', () => {
  const summary = aggregate(exampleRuns, exampleOrder);
  const [method, baseline, methodAll] = summary.groups;

  it('groups runs by train types, then configuration, in the grid\'s order', () => {
    expect(summary.families).toEqual(['reenact', 'swap', 'texture']);
    expect(summary.columns).toEqual(['reenact', 'swap', 'texture', 'unseen', 'overall']);
    expect(summary.groups.map((group) => [group.configuration, group.trainTypes, group.seeds])).toEqual([
      ['method', ['swap'], [0, 1, 2]], ['baseline', ['swap'], [0, 1, 2]], ['method', null, [0]],
    ]);
    expect(method!.seen).toEqual(['swap']);
    expect(methodAll!.seen).toEqual(['reenact', 'swap', 'texture']);
  });

  it('means over seeds with t-intervals: reenact 0.60, 0.70, 0.65 -> 0.65 +- t(0.975, 2) * 0.05 / sqrt(3)', () => {
    const reenact = method!.values.frameAuc.reenact!;
    expect(reenact.mean).toBeCloseTo(0.65, 12);
    expect(reenact.standardDeviation).toBeCloseTo(0.05, 12);
    expect(reenact.halfWidth).toBeCloseTo((t2 * 0.05) / Math.sqrt(3), 8);
    expect(method!.values.videoAuc.reenact!.mean).toBeCloseTo(0.6, 12);
    expect(method!.values.frameAuc.overall!.mean).toBeCloseTo(0.82333333, 7);
  });

  it('unseen: each run\'s mean over the families it did not train on, then over seeds', () => {
    expect(columnValues(exampleRuns[0]!, 'frameAuc').get('unseen')).toBeCloseTo(0.65, 12);
    // (0.65 + 0.71 + 0.695) / 3
    expect(method!.values.frameAuc.unseen!.mean).toBeCloseTo(0.685, 12);
    expect(methodAll!.values.frameAuc).not.toHaveProperty('unseen');
  });

  it('one seed: the mean and no interval', () => {
    expect(methodAll!.values.frameAuc.reenact).toEqual({ n: 1, mean: 0.98, standardDeviation: null, halfWidth: null, low: null, high: null });
  });

  it('paired differences from the baseline on the same train types: reenact +0.05, +0.04, +0.05', () => {
    const reenact = method!.difference!.frameAuc.reenact!;
    expect(reenact.pairs).toEqual(['0', '1', '2']);
    expect(reenact.mean).toBeCloseTo(0.0466667, 6);
    expect(reenact.halfWidth).toBeCloseTo((t2 * Math.sqrt(1 / 30000)) / Math.sqrt(3), 8);
    expect(method!.difference!.videoAuc.texture!.mean).toBeCloseTo(0.02, 12);
    expect(baseline!.difference).toBeNull();
    // No baseline run was trained on every type, so there is nothing to pair with.
    expect(methodAll!.difference).toBeNull();
  });

  it('without a baseline, no differences', () => {
    expect(aggregate(exampleRuns, { ...exampleOrder, baseline: null }).groups.every((group) => group.difference === null)).toBe(true);
  });
});
