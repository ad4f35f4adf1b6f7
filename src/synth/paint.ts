/** The colour being composited at one pixel; layers are painted over it back to front. */
export interface Paint {
  r: number;
  g: number;
  b: number;
}

/** Paints a colour over the pixel with the given opacity (the coverage of the shape times its alpha). */
export function paintOver(paint: Paint, r: number, g: number, b: number, alpha: number): void {
  if (alpha <= 0) return;
  paint.r += (r - paint.r) * alpha;
  paint.g += (g - paint.g) * alpha;
  paint.b += (b - paint.b) * alpha;
}

/** exp(-(dx^2 + dy^2) / 2) for offsets already divided by their radii: soft shadows and blushes. */
export function gaussianFalloff(dx: number, dy: number): number {
  const r2 = dx * dx + dy * dy;
  return r2 > 18 ? 0 : Math.exp(-0.5 * r2);
}
