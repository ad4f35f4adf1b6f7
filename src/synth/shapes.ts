/**
 * Signed distances (negative inside) of the shapes faces are drawn with, in the units of the point given,
 * and the anti-aliasing rule that turns a distance into pixel coverage. Drawing with distances instead of
 * supersampling gives smooth edges at one evaluation per pixel.
 */

/** Approximate distance to an axis-aligned ellipse centred at the origin (first-order, exact on the axes). */
export function ellipseDistance(x: number, y: number, rx: number, ry: number): number {
  const k0 = Math.hypot(x / rx, y / ry);
  const k1 = Math.hypot(x / (rx * rx), y / (ry * ry));
  if (k1 === 0) return -Math.min(rx, ry);
  return (k0 * (k0 - 1)) / k1;
}

/** Distance to a segment from (ax, ay) to (bx, by) thickened by `radius` (a capsule). */
export function capsuleDistance(x: number, y: number, ax: number, ay: number, bx: number, by: number, radius: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - ax - t * dx, y - ay - t * dy) - radius;
}

/** Fraction of a pixel covered by the inside of a shape, given the distance in pixels from its centre. */
export function coverage(distanceInPixels: number): number {
  const c = 0.5 - distanceInPixels;
  return c <= 0 ? 0 : c >= 1 ? 1 : c;
}

/** Hermite smoothstep from 0 at `edge0` to 1 at `edge1`. */
export function smoothstep(edge0: number, edge1: number, x: number): number {
  const t = Math.max(0, Math.min(1, (x - edge0) / (edge1 - edge0)));
  return t * t * (3 - 2 * t);
}
