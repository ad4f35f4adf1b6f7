import { describe, expect, it } from 'vitest';
import { compareMask, compareOutput } from '../../../src/runtime-common/parity.ts';
import type { ParityReport } from '../../../src/runtime-common/run-parity.ts';
import { selfCheckFailure } from '../../../src/serve/self-check-failure.ts';

const tolerance = { abs: 1e-4 };

function report(outputs: ParityReport['outputs'], mask = compareMask([0, 1], [0, 1], [0.9, 0.1], 2, 1, 'high', tolerance)): ParityReport {
  return { runtime: 'node-cpu', ep: 'cpu', images: 1, tolerance, outputs, mask, pass: false, seconds: 0.1 };
}

describe('selfCheckFailure', () => {
  it('names each output outside tolerance with its largest difference and first bad value', () => {
    const prob = compareOutput('prob', [0.5, 0.25], [0.5, 0.26], tolerance);
    const attention = compareOutput('attention', [0.1], [0.1], tolerance);
    expect(selfCheckFailure(report([attention, prob]))).toMatch(/^prob max abs diff 1\.00e-2 > 0\.0001 \(first at 1; \[1\] expected 0\.25 got 0\.26\)$/);
  });

  it('names a mask that differs away from the top-k boundary', () => {
    const mask = compareMask([0, 0, 1, 1], [1, 0, 1, 0], [0.9, 0.8, 0.2, 0.1], 4, 2, 'high', tolerance);
    expect(selfCheckFailure(report([], mask))).toBe('mask differs at 2 positions away from the top-k boundary (first at 0)');
  });
});
