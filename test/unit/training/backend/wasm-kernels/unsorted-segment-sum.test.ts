import { describe, it } from 'vitest';
import { expectClose, kernelOnBoth, normals, wasmUnavailableReason } from './wasm-vs-cpu.ts';

const missing = await wasmUnavailableReason();
if (missing) console.warn(`skipping the wasm UnsortedSegmentSum tests: ${missing}`);

/** Ids repeat (sums), skip segments (zeros) and include -1 (dropped), over 1-D, 2-D and 3-D x. */
const cases: Array<[string, number[], number[], number]> = [
  ['x [6], 4 segments', [6], [0, 2, 2, 3, -1, 0], 4],
  ['x [5, 7], 3 segments', [5, 7], [2, 0, 2, 2, 1], 3],
  ['x [4, 3, 2], 6 segments', [4, 3, 2], [5, 5, 0, 3], 6],
];

describe.skipIf(missing !== null)('UnsortedSegmentSum on wasm', () => {
  it.each(cases)('%s: matches cpu to 1e-5 relative', async (name, shape, ids, numSegments) => {
    const { wasm, cpu } = await kernelOnBoth(
      'UnsortedSegmentSum',
      { x: { shape, values: normals(shape.reduce((a, b) => a * b), name) }, segmentIds: { shape: [ids.length], values: Float32Array.from(ids) } },
      { numSegments },
    );
    expectClose(wasm, cpu, 1e-5, name);
  });
});
