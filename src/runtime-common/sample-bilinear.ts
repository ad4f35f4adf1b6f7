/**
 * The value of a row-major h x w grid at fractional cell coordinates (cell centres at integers), bilinearly
 * interpolated and clamped at the edges. With `channels` > 1 the grid holds that many interleaved values per
 * cell (an RGB image), and `channel` picks one.
 */
export function sampleBilinear(grid: ArrayLike<number>, h: number, w: number, gx: number, gy: number, channels = 1, channel = 0): number {
  const x = Math.min(w - 1, Math.max(0, gx));
  const y = Math.min(h - 1, Math.max(0, gy));
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  const x1 = Math.min(w - 1, x0 + 1);
  const y1 = Math.min(h - 1, y0 + 1);
  const fx = x - x0;
  const fy = y - y0;
  const at = (column: number, row: number) => grid[(row * w + column) * channels + channel]!;
  const top = at(x0, y0) * (1 - fx) + at(x1, y0) * fx;
  const bottom = at(x0, y1) * (1 - fx) + at(x1, y1) * fx;
  return top * (1 - fy) + bottom * fy;
}
