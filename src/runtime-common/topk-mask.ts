import { deployedRandomMask } from './random-mask.ts';

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
 * `random` ignores the attention and draws each image's positions from the image (`deployedRandomMask`),
 * so it needs `images`, the batch's pre-processed pixels NCHW.
 */
export function topKMask(
  attention: Float32Array,
  n: number,
  positions: number,
  k: number,
  strategy: MaskStrategy,
  seed = 0,
  images?: Float32Array,
): Float32Array {
  if (strategy === 'random' && k > 0) {
    if (!images) throw new TypeError('topKMask: the random strategy draws each mask from its image; pass the images');
    return deployedRandomMask(images, n, positions, k, seed);
  }
  const mask = new Float32Array(n * positions).fill(1);
  if (strategy === 'none' || k === 0) return mask;
  for (let i = 0; i < n; i++) {
    const row = attention.subarray(i * positions, (i + 1) * positions);
    for (const position of topKIndices(row, k, strategy === 'high')) mask[i * positions + position] = 0;
  }
  return mask;
}
