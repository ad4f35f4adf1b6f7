import { describe, expect, it } from 'vitest';
import { decodeReport, encodeReport } from '../../../../src/runtime-node/parity/report-json.ts';
import type { PlacedParityReport } from '../../../../src/runtime-node/parity/runtime.ts';

describe('parity reports as JSON', () => {
  it('round-trips a report, non-finite differences included (plain JSON would make them null)', () => {
    const report = {
      runtime: 'node-webgpu',
      ep: 'webgpu',
      images: 4,
      tolerance: { abs: 1e-3 },
      outputs: [{ name: 'prob', count: 4, maxAbs: 2e-8, maxRel: Infinity, firstBad: -1, samples: [{ index: 0, expected: 0, actual: 2e-8 }], pass: true }],
      mask: { name: 'mask', mismatches: 0, boundaryFlips: 0, firstBad: -1, pass: true },
      pass: true,
      seconds: 0.25,
      extra: { nan: Number.NaN, minus: -Infinity },
    } as unknown as PlacedParityReport;
    const decoded = decodeReport(encodeReport(report)) as unknown as Record<string, unknown>;
    expect(decoded).toEqual(report);
    expect((decoded.outputs as Array<{ maxRel: number }>)[0]!.maxRel).toBe(Infinity);
    expect(decoded.extra).toEqual({ nan: Number.NaN, minus: -Infinity });
  });
});
