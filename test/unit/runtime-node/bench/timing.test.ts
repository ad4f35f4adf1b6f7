import { describe, expect, it } from 'vitest';
import { summarise, timeRuns } from '../../../../src/runtime-node/bench/timing.ts';

describe('summarise', () => {
  it('gives the median, the 90th percentile (interpolated) and the minimum', () => {
    const timing = summarise([5, 1, 4, 2, 3, 10, 6, 7, 8, 9]);
    expect(timing.runs).toBe(10);
    expect(timing.medianMs).toBeCloseTo(5.5, 12);
    expect(timing.p90Ms).toBeCloseTo(9.1, 12);
    expect(timing.minMs).toBe(1);
  });

  it('refuses an empty sample', () => {
    expect(() => summarise([])).toThrow(RangeError);
  });
});

describe('timeRuns', () => {
  it('runs the warm-up untimed, then times exactly the requested runs', async () => {
    let calls = 0;
    const timing = await timeRuns(async () => void calls++, 3, 4);
    expect(calls).toBe(7);
    expect(timing.runs).toBe(4);
  });
});
