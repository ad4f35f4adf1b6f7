import { describe, expect, it } from 'vitest';
import { mergeNeighbourAxes } from '../../../../../src/training/backend/wasm-kernels/transpose.ts';
import { kernelOnBoth, normals, wasmUnavailableReason } from './wasm-vs-cpu.ts';

const missing = await wasmUnavailableReason();
if (missing) console.warn(`skipping the wasm Transpose tests: ${missing}`);

describe('mergeNeighbourAxes', () => {
  it('merges axes that stay neighbours and drops size-1 axes', () => {
    // Attention's heads: [batch, tokens, heads, depth] -> [batch, heads, tokens, depth] stays rank 4.
    expect(mergeNeighbourAxes([2, 5, 4, 8], [0, 2, 1, 3])).toEqual({ shape: [2, 5, 4, 8], perm: [0, 2, 1, 3] });
    // No axis is followed by its input neighbour: nothing to merge.
    expect(mergeNeighbourAxes([2, 5, 3, 4, 8], [2, 0, 3, 1, 4])).toEqual({ shape: [2, 5, 3, 4, 8], perm: [2, 0, 3, 1, 4] });
    expect(mergeNeighbourAxes([2, 3, 4, 5, 6], [0, 3, 4, 1, 2])).toEqual({ shape: [2, 12, 30], perm: [0, 2, 1] });
    expect(mergeNeighbourAxes([2, 1, 3, 4, 1, 5], [0, 4, 2, 3, 1, 5])).toEqual({ shape: [120], perm: [0] });
    expect(mergeNeighbourAxes([1, 1], [1, 0])).toEqual({ shape: [1], perm: [0] });
  });
});

/** Exact: a transpose only moves values. */
describe.skipIf(missing !== null)('Transpose on wasm (neighbour axes merged)', () => {
  it.each([
    ['rank 5 to rank 3', [2, 3, 4, 5, 6], [0, 3, 4, 1, 2]],
    ['rank 6 to rank 4', [2, 3, 2, 3, 4, 5], [0, 2, 4, 1, 3, 5]],
    ['rank 5 unmergeable', [2, 5, 3, 4, 2], [2, 0, 3, 1, 4]],
    ['identity after dropping size 1', [3, 1, 4], [1, 0, 2]],
    ['rank 4', [2, 3, 4, 5], [0, 2, 1, 3]],
  ])('%s: equals cpu exactly', async (name, shape, perm) => {
    const { wasm, cpu } = await kernelOnBoth('Transpose', { x: { shape, values: normals(shape.reduce((a, b) => a * b), name) } }, { perm });
    expect(wasm).toEqual(cpu);
  });
});
