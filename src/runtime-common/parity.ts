import type { MaskStrategy } from './topk-mask.ts';

/**
 * The parity comparator: how far a runtime's outputs are from the reference (tfjs) outputs, per output,
 * with enough detail to debug a failure (first bad index, a few values side by side).
 */

export interface Tolerance {
  /** Largest allowed |actual - expected|. */
  readonly abs: number;
}

/** DESIGN tolerances: exact-arithmetic CPUs agree to 1e-4; GPU kernels reorder sums, so 1e-3. */
export function toleranceFor(ep: string): Tolerance {
  return { abs: /webgpu|cuda|tensorrt/.test(ep) ? 1e-3 : 1e-4 };
}

export interface OutputComparison {
  readonly name: string;
  readonly count: number;
  readonly maxAbs: number;
  readonly maxRel: number;
  /** Index of the first value outside tolerance, or -1. */
  readonly firstBad: number;
  /** A few values side by side: the first bad ones, or the largest differences when all pass. */
  readonly samples: ReadonlyArray<{ index: number; expected: number; actual: number }>;
  readonly pass: boolean;
}

export function compareOutput(name: string, expected: ArrayLike<number>, actual: ArrayLike<number>, tolerance: Tolerance): OutputComparison {
  if (expected.length !== actual.length) {
    return { name, count: expected.length, maxAbs: Infinity, maxRel: Infinity, firstBad: 0, samples: [], pass: false };
  }
  let maxAbs = 0;
  let maxRel = 0;
  let firstBad = -1;
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i]!;
    const a = actual[i]!;
    const abs = Number.isNaN(a) || Number.isNaN(e) ? Infinity : Math.abs(a - e);
    const rel = abs / Math.max(Math.abs(e), 1e-12);
    if (abs > maxAbs) {
      maxAbs = abs;
      worst = i;
    }
    if (rel > maxRel && Number.isFinite(rel)) maxRel = rel;
    if (firstBad < 0 && !(abs <= tolerance.abs)) firstBad = i;
  }
  const start = firstBad >= 0 ? firstBad : Math.max(0, worst - 1);
  const samples = [];
  for (let i = start; i < Math.min(expected.length, start + 4); i++) samples.push({ index: i, expected: expected[i]!, actual: actual[i]! });
  return { name, count: expected.length, maxAbs, maxRel, firstBad, samples, pass: firstBad < 0 };
}

export interface MaskComparison {
  readonly name: 'mask';
  /** Positions where the masks differ. */
  readonly mismatches: number;
  /** Of those, positions whose reference attention lies within tolerance of the row's k-th value: a tie broken
   * the other way by rounding, not an error. */
  readonly boundaryFlips: number;
  readonly firstBad: number;
  readonly pass: boolean;
}

/**
 * Masks must match exactly, except at the top-k boundary: where the reference attention of a differing position
 * is within `tolerance.abs` of its row's k-th value (largest for `high`, smallest for `low`), rounding can
 * legitimately pick the other position.
 */
export function compareMask(
  expectedMask: ArrayLike<number>,
  actualMask: ArrayLike<number>,
  referenceAttention: ArrayLike<number>,
  positions: number,
  k: number,
  strategy: MaskStrategy,
  tolerance: Tolerance,
): MaskComparison {
  let mismatches = 0;
  let boundaryFlips = 0;
  let firstBad = -1;
  const rows = expectedMask.length / positions;
  for (let row = 0; row < rows; row++) {
    const base = row * positions;
    const attention = Array.from({ length: positions }, (_, i) => referenceAttention[base + i]!);
    // A random or empty mask does not depend on attention, so no position is on a boundary.
    const ranked = strategy === 'high' || strategy === 'low';
    const kth = ranked && k > 0 ? [...attention].sort((a, b) => (strategy === 'high' ? b - a : a - b))[k - 1]! : NaN;
    for (let i = 0; i < positions; i++) {
      if (expectedMask[base + i] === actualMask[base + i]) continue;
      mismatches++;
      if (Math.abs(attention[i]! - kth) <= tolerance.abs) boundaryFlips++;
      else if (firstBad < 0) firstBad = base + i;
    }
  }
  return { name: 'mask', mismatches, boundaryFlips, firstBad, pass: firstBad < 0 };
}
