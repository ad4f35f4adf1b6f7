/**
 * The one crop rule: which part of a picture the model sees, and which part of the picture each feature-map
 * cell covers. Pre-processing samples through it and every heat map draws through it, so an overlay sits on
 * exactly the pixels the model's cells were computed from. Coordinates are fractional source pixels (pixel x
 * spans [x, x + 1)): a centred crop of an odd margin starts half-way into a pixel, and rounding it would move
 * every overlay half a pixel off what the model saw.
 */

import type { FitMode } from './preprocess.ts';

export interface SourceRect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** The rectangle of a width x height picture that pre-processing maps onto the model's square input. */
export function modelRegion(width: number, height: number, fit: FitMode): SourceRect {
  if (fit === 'fill' || width === height) return { x: 0, y: 0, width, height };
  const side = Math.min(width, height);
  return { x: (width - side) / 2, y: (height - side) / 2, width: side, height: side };
}

/**
 * Where along one axis model pixel `index` (of `size`) takes its sample: the centre of its share of the
 * region's span starting at `start`. Written as the resampler always computed it, scale first, so the
 * pre-processed floats stay bit for bit those of the exported reference data.
 */
export function sampleCentre(start: number, span: number, size: number, index: number): number {
  return start + (index + 0.5) * (span / size);
}

/** The source rectangle of feature cell (row, column) of an h x w grid laid over `region`. */
export function featureCell(region: SourceRect, h: number, w: number, row: number, column: number): SourceRect {
  const x0 = region.x + (column * region.width) / w;
  const x1 = region.x + ((column + 1) * region.width) / w;
  const y0 = region.y + (row * region.height) / h;
  const y1 = region.y + ((row + 1) * region.height) / h;
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

/** The feature cell (row-major index) under source point (x, y), or -1 outside the region. */
export function cellAt(region: SourceRect, h: number, w: number, x: number, y: number): number {
  if (x < region.x || y < region.y || x >= region.x + region.width || y >= region.y + region.height) return -1;
  const column = Math.min(w - 1, Math.floor(((x - region.x) * w) / region.width));
  const row = Math.min(h - 1, Math.floor(((y - region.y) * h) / region.height));
  return row * w + column;
}

/**
 * Source point (x, y) in feature-grid coordinates, cell centres at integers: where a smooth heat map samples
 * the grid.
 */
export function gridPoint(region: SourceRect, h: number, w: number, x: number, y: number): { gx: number; gy: number } {
  return { gx: ((x - region.x) * w) / region.width - 0.5, gy: ((y - region.y) * h) / region.height - 0.5 };
}

/** `rect` in the coordinates of a picture drawn scaled by (scaleX, scaleY), e.g. a canvas smaller than the source. */
export function scaleRect(rect: SourceRect, scaleX: number, scaleY: number): SourceRect {
  return { x: rect.x * scaleX, y: rect.y * scaleY, width: rect.width * scaleX, height: rect.height * scaleY };
}
