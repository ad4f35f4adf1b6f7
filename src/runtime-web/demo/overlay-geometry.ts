import { featureCell, modelRegion, scaleRect, type SourceRect } from '../../runtime-common/model-region.ts';
import type { FitMode } from '../../runtime-common/preprocess.ts';

/** Where the model's view and its feature cells lie on a canvas that shows the picture scaled. */
export interface OverlayGeometry {
  /** The part of the canvas the model saw. */
  readonly region: SourceRect;
  /** Row-major, h*w: the canvas rectangle of each feature cell. */
  readonly cells: readonly SourceRect[];
}

/**
 * The shared crop rule's region and cells, computed on the source picture and only then scaled to the canvas
 * (whose size is rounded), so the overlay's cells are the model's own, at any display size.
 */
export function overlayGeometry(
  source: { width: number; height: number },
  canvas: { width: number; height: number },
  fit: FitMode,
  h: number,
  w: number,
): OverlayGeometry {
  const scaleX = canvas.width / source.width;
  const scaleY = canvas.height / source.height;
  const region = modelRegion(source.width, source.height, fit);
  const cells = Array.from({ length: h * w }, (_, i) => scaleRect(featureCell(region, h, w, Math.floor(i / w), i % w), scaleX, scaleY));
  return { region: scaleRect(region, scaleX, scaleY), cells };
}

/**
 * Strips of `thickness` inside each masked cell along every side it shares with an unmasked cell or the
 * model's edge: only the boundary of each masked area is drawn, so neighbouring masked cells read as one.
 */
export function maskOutline(geometry: OverlayGeometry, mask: ArrayLike<number>, h: number, w: number, thickness: number): SourceRect[] {
  const masked = (row: number, column: number) => row >= 0 && column >= 0 && row < h && column < w && mask[row * w + column] === 0;
  const strips: SourceRect[] = [];
  for (let row = 0; row < h; row++) {
    for (let column = 0; column < w; column++) {
      if (!masked(row, column)) continue;
      const { x, y, width, height } = geometry.cells[row * w + column]!;
      if (!masked(row - 1, column)) strips.push({ x, y, width, height: thickness });
      if (!masked(row + 1, column)) strips.push({ x, y: y + height - thickness, width, height: thickness });
      if (!masked(row, column - 1)) strips.push({ x, y, width: thickness, height });
      if (!masked(row, column + 1)) strips.push({ x: x + width - thickness, y, width: thickness, height });
    }
  }
  return strips;
}
