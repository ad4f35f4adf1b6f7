import { describe, it } from 'vitest';
import { expectClose, kernelOnBoth, normals, wasmUnavailableReason } from './wasm-vs-cpu.ts';

const missing = await wasmUnavailableReason();
if (missing) console.warn(`skipping the wasm BatchMatMul tests: ${missing}`);

/** a and b as stored for each transpose flag: rank 2, rank 3 and a broadcast batch. */
const shapes: Array<[string, number[], number[]]> = [
  ['[5,3] x [3,4]', [5, 3], [3, 4]],
  ['[2,5,3] x [2,3,7]', [2, 5, 3], [2, 3, 7]],
  ['[3,4,6] x [1,6,2]', [3, 4, 6], [1, 6, 2]],
];
const swapLast = (shape: number[]) => [...shape.slice(0, -2), shape.at(-1)!, shape.at(-2)!];
const cases = shapes.flatMap(([name, a, b]) =>
  [false, true].flatMap((transposeA) =>
    [false, true].map((transposeB) => [`${name} transposeA ${transposeA} transposeB ${transposeB}`, transposeA ? swapLast(a) : a, transposeB ? swapLast(b) : b, transposeA, transposeB] as const),
  ),
);

describe.skipIf(missing !== null)('BatchMatMul on wasm (transposes made explicit)', () => {
  it.each(cases)('%s: matches cpu to 1e-5 relative', async (name, a, b, transposeA, transposeB) => {
    const size = (shape: number[]) => shape.reduce((x, y) => x * y);
    const { wasm, cpu } = await kernelOnBoth(
      'BatchMatMul',
      { a: { shape: a, values: normals(size(a), `a ${name}`) }, b: { shape: b, values: normals(size(b), `b ${name}`) } },
      { transposeA, transposeB },
    );
    expectClose(wasm, cpu, 1e-5, name);
  });
});
