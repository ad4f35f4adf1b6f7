import type { FitMode } from '../../runtime-common/preprocess.ts';

export interface Overlay {
  /** The teacher's attention over the h x w grid, row-major. */
  readonly attention: ArrayLike<number>;
  /** The student's mask over the same grid: 0 = masked out. */
  readonly mask: ArrayLike<number>;
  readonly h: number;
  readonly w: number;
  readonly fit: FitMode;
}

const LONGEST_SIDE = 512;
const MIN_DISPLAY_WIDTH = 320;
const HEAT_OPACITY = 0.45;
const OUTLINE = '#00ffff';

/**
 * Draws the picture with the attention as a smooth heat map over the region the model saw and the masked
 * cells outlined. The heat map spans the image's own range of attention: it sums to at most 1 over h*w
 * cells and is often nearly flat, so absolute values would all look alike.
 */
export function drawOverlay(canvas: HTMLCanvasElement, image: ImageBitmap, overlay: Overlay): void {
  const scale = Math.min(1, LONGEST_SIDE / Math.max(image.width, image.height));
  canvas.width = Math.max(1, Math.round(image.width * scale));
  canvas.height = Math.max(1, Math.round(image.height * scale));
  // Small crops are shown enlarged by the browser; the canvas keeps their own pixels.
  canvas.style.width = `${Math.max(canvas.width, MIN_DISPLAY_WIDTH)}px`;
  const context = canvas.getContext('2d')!;
  context.drawImage(image, 0, 0, canvas.width, canvas.height);
  const region = modelRegion(canvas.width, canvas.height, overlay.fit);

  context.save();
  context.globalAlpha = HEAT_OPACITY;
  context.imageSmoothingEnabled = true;
  context.imageSmoothingQuality = 'high';
  context.drawImage(heatCells(overlay), region.x, region.y, region.width, region.height);
  context.restore();

  context.fillStyle = OUTLINE;
  const thickness = Math.max(2, Math.round(Math.min(region.width, region.height) / 120));
  const { h, w, mask } = overlay;
  const masked = (row: number, column: number) => row >= 0 && column >= 0 && row < h && column < w && mask[row * w + column] === 0;
  const edge = (i: number, cells: number, length: number) => Math.round((i * length) / cells);
  for (let row = 0; row < h; row++) {
    for (let column = 0; column < w; column++) {
      if (!masked(row, column)) continue;
      const x0 = region.x + edge(column, w, region.width);
      const x1 = region.x + edge(column + 1, w, region.width);
      const y0 = region.y + edge(row, h, region.height);
      const y1 = region.y + edge(row + 1, h, region.height);
      // Only the boundary of each masked area is drawn, so neighbouring masked cells read as one region.
      if (!masked(row - 1, column)) context.fillRect(x0, y0, x1 - x0, thickness);
      if (!masked(row + 1, column)) context.fillRect(x0, y1 - thickness, x1 - x0, thickness);
      if (!masked(row, column - 1)) context.fillRect(x0, y0, thickness, y1 - y0);
      if (!masked(row, column + 1)) context.fillRect(x1 - thickness, y0, thickness, y1 - y0);
    }
  }
}

/** One pixel per feature cell, hue from blue (the least attended cell) to red (the most attended). */
function heatCells({ attention, h, w }: Overlay): OffscreenCanvas {
  const cells = new OffscreenCanvas(w, h);
  const context = cells.getContext('2d')!;
  let low = Infinity;
  let high = -Infinity;
  for (let i = 0; i < h * w; i++) {
    low = Math.min(low, attention[i]!);
    high = Math.max(high, attention[i]!);
  }
  for (let i = 0; i < h * w; i++) {
    const value = high > low ? (attention[i]! - low) / (high - low) : 0;
    context.fillStyle = `hsl(${Math.round(240 * (1 - value))} 100% 50%)`;
    context.fillRect(i % w, Math.floor(i / w), 1, 1);
  }
  return cells;
}

/** The rectangle of the picture that pre-processing maps onto the model's square input. */
function modelRegion(width: number, height: number, fit: FitMode): { x: number; y: number; width: number; height: number } {
  if (fit === 'fill' || width === height) return { x: 0, y: 0, width, height };
  const side = Math.min(width, height);
  return { x: Math.floor((width - side) / 2), y: Math.floor((height - side) / 2), width: side, height: side };
}
