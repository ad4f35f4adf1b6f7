import { describe, expect, it } from 'vitest';
import { GridClock, runLine } from '../../../src/experiment/grid-progress.ts';

describe('runLine', () => {
  it('before any run of this invocation has finished, promises an ETA after the first', () => {
    expect(runLine(1, 12, 'mask-high, train swap, seed 0', { kind: 'new' }, new GridClock(), 12)).toBe(
      'run 1/12 mask-high, train swap, seed 0: training; grid ETA after the first run',
    );
  });

  it('then gives the mean time of the runs done times the runs left', () => {
    const clock = new GridClock();
    clock.add(100);
    clock.add(140);
    expect(clock.eta(5)).toBe(600);
    expect(runLine(3, 12, 'mask-none, train swap, seed 0', { kind: 'unfinished', step: 40 }, clock, 5)).toBe(
      'run 3/12 mask-none, train swap, seed 0: resuming its training at step 40; grid ETA 10m00s (mean of 2 runs)',
    );
  });

  it('says what happens to a run found on disk', () => {
    const clock = new GridClock();
    expect(runLine(2, 4, 'a', { kind: 'unevaluated', reason: 'not evaluated yet' }, clock, 3)).toMatch(/^run 2\/4 a: evaluating \(not evaluated yet\); /);
    expect(runLine(2, 4, 'a', { kind: 'changed', differences: [{ field: 'config.train.epochs', stored: 1, wanted: 2 }] }, clock, 3))
      .toMatch(/^run 2\/4 a: retraining \(--force; it was trained with other config\.train\.epochs\); /);
    expect(runLine(2, 4, 'a', { kind: 'done', result: {} as never }, clock, 3)).toBe('run 2/4 a: evaluated before, reused');
  });
});
