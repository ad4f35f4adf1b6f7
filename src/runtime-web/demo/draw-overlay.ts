import type { FitMode } from '../../runtime-common/preprocess.ts';
import { maskOutline, overlayGeometry, type OverlayGeometry } from './overlay-geometry.ts';

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
const HEAT_OPACITY = 0.45;
const OUTLINE = '#00ffff';
/** Masked cells and what the crop left out are shaded, so the part the student kept stands out. */
const SHADE = 'rgba(0, 0, 0, 0.6)';

/** The picture alone, at most LONGEST_SIDE pixels a side (small ones are enlarged by CSS, keeping their own pixels). */
export function drawFace(canvas: HTMLCanvasElement, image: ImageBitmap): CanvasRenderingContext2D {
  const scale = Math.min(1, LONGEST_SIDE / Math.max(image.width, image.height));
  canvas.width = Math.max(1, Math.round(image.width * scale));
  canvas.height = Math.max(1, Math.round(image.height * scale));
  const context = canvas.getContext('2d')!;
  context.drawImage(image, 0, 0, canvas.width, canvas.height);
  return context;
}

function drawWithGeometry(canvas: HTMLCanvasElement, image: ImageBitmap, overlay: Overlay): { context: CanvasRenderingContext2D; geometry: OverlayGeometry } {
  const context = drawFace(canvas, image);
  return { context, geometry: overlayGeometry(image, canvas, overlay.fit, overlay.h, overlay.w) };
}

/**
 * The picture with the attention as a smooth heat map over the region the model saw and the masked cells
 * outlined. The heat map spans the image's own range of attention: it sums to at most 1 over h*w cells and is
 * often nearly flat, so absolute values would all look alike.
 */
export function drawHeatmap(canvas: HTMLCanvasElement, image: ImageBitmap, overlay: Overlay): void {
  const { context, geometry } = drawWithGeometry(canvas, image, overlay);
  const { region } = geometry;
  context.save();
  context.globalAlpha = HEAT_OPACITY;
  context.imageSmoothingEnabled = true;
  context.imageSmoothingQuality = 'high';
  context.drawImage(heatCells(overlay), region.x, region.y, region.width, region.height);
  context.restore();
  outlineMask(context, geometry, overlay);
}

/** The picture as the student saw it: the masked cells and what the crop left out shaded, the masked cells outlined. */
export function drawMask(canvas: HTMLCanvasElement, image: ImageBitmap, overlay: Overlay): void {
  const { context, geometry } = drawWithGeometry(canvas, image, overlay);
  const { region, cells } = geometry;
  context.fillStyle = SHADE;
  context.beginPath();
  context.rect(0, 0, canvas.width, canvas.height);
  context.rect(region.x, region.y, region.width, region.height);
  context.fill('evenodd');
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i]!;
    if (overlay.mask[i] === 0) context.fillRect(cell.x, cell.y, cell.width, cell.height);
  }
  outlineMask(context, geometry, overlay);
}

function outlineMask(context: CanvasRenderingContext2D, geometry: OverlayGeometry, { mask, h, w }: Overlay): void {
  const { region } = geometry;
  context.fillStyle = OUTLINE;
  const thickness = Math.max(2, Math.round(Math.min(region.width, region.height) / 120));
  for (const strip of maskOutline(geometry, mask, h, w, thickness)) context.fillRect(strip.x, strip.y, strip.width, strip.height);
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
