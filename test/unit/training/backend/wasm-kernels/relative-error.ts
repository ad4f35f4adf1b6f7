/**
 * Relative error as these tests measure it: max |actual - expected| / max(max |expected|, 1e-3). Scaled by
 * the largest expected value, not element-wise, because gradients have elements near zero whose float32
 * rounding differs between summation orders; the 1e-3 floor keeps an all-zero gradient from dividing by 0.
 */
export function relativeError(actual: Float32Array, expected: Float32Array): number {
  if (actual.length !== expected.length) throw new RangeError(`lengths differ: ${actual.length} vs ${expected.length}`);
  let scale = 1e-3;
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    scale = Math.max(scale, Math.abs(expected[i]!));
    const difference = Math.abs(actual[i]! - expected[i]!);
    worst = Number.isNaN(difference) ? Infinity : Math.max(worst, difference);
  }
  return worst / scale;
}
