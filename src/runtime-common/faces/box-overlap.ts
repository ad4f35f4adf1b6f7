import type { SourceRect } from '../model-region.ts';

/** Intersection over union of two boxes: 1 for the same box, 0 when they do not overlap. */
export function intersectionOverUnion(a: SourceRect, b: SourceRect): number {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  if (width <= 0 || height <= 0) return 0;
  const intersection = width * height;
  return intersection / (a.width * a.height + b.width * b.height - intersection);
}
