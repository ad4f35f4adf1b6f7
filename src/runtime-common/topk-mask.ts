import { Rng } from '../util/rng.ts';

/** Which features the mask removes (eq. 4 of the method and its ablations). */
export type MaskStrategy = 'high' | 'low' | 'random' | 'none';
export const maskStrategies: readonly MaskStrategy[] = ['high', 'low', 'random', 'none'];

/** k = round(ratio * h * w): how many of the h*w feature positions the mask zeroes. */
export function maskedCount(ratio: number, positions: number): number {
  return Math.round(ratio * positions);
}

/**
 * The indices of the k largest (`high`) or smallest (`low`) values of one attention row. Ties go to the
 * lower index, the rule ONNX TopK documents, so the fused graph and this function agree exactly.
 */
export function topKIndices(row: ArrayLike<number>, k: number, largest: boolean): number[] {
  const order = Array.from({ length: row.length }, (_, i) => i);
  order.sort((a, b) => {
    const difference = largest ? row[b]! - row[a]! : row[a]! - row[b]!;
    return difference !== 0 ? difference : a - b;
  });
  return order.slice(0, k);
}

/**
 * The binary mask for a batch of attention maps [n, positions]: 0 at the k selected positions, 1 elsewhere.
 * `random` draws k positions per image from `new Rng([seed, 'mask', imageIndex])`, so a deployed model with a
 * random mask is still reproducible.
 */
export function topKMask(
  attention: Float32Array,
  n: number,
  positions: number,
  k: number,
  strategy: MaskStrategy,
  seed = 0,
): Float32Array {
  const mask = new Float32Array(n * positions).fill(1);
  if (strategy === 'none' || k === 0) return mask;
  for (let i = 0; i < n; i++) {
    const row = attention.subarray(i * positions, (i + 1) * positions);
    const chosen =
      strategy === 'random'
        ? new Rng([seed, 'mask', i]).permutation(positions).slice(0, k)
        : topKIndices(row, k, strategy === 'high');
    for (const position of chosen) mask[i * positions + position] = 0;
  }
  return mask;
}
