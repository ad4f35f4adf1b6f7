import type { DecodedImage, FitMode } from '../../runtime-common/preprocess.ts';
import { inferno } from '../../runtime-common/colormap.ts';
import { cellAt, gridPoint, modelRegion } from '../../runtime-common/model-region.ts';

export interface HeatmapInput {
  /** The decoded picture, before pre-processing: the heat-map is drawn at its full resolution. */
  readonly image: DecodedImage;
  /** The teacher's attention over the h*w feature positions, row-major. */
  readonly attention: ArrayLike<number>;
  /** The student's mask over the same positions: 0 = masked out. */
  readonly mask: ArrayLike<number>;
  readonly h: number;
  readonly w: number;
  /** The pre-processing fit: it decides which part of the picture the feature grid covers. */
  readonly fit: FitMode;
}

export interface RgbImage {
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
}

const ATTENTION_OPACITY = 0.5;
const OUTLINE: readonly [number, number, number] = [0, 255, 255];
/** The colour scale at 8-bit steps: a large picture needs millions of look-ups. */
const COLOURS = Array.from({ length: 256 }, (_, i) => inferno(i / 255));

/**
 * The picture with the teacher's attention blended over the part the model saw (bilinearly upsampled from
 * the h x w grid, scaled so the most attended position is brightest) and the masked positions outlined, so
 * a reviewer sees where the teacher looked and what the student had to do without. With `cover` the model
 * saw the centred square only; the rest is dimmed.
 */
export function renderHeatmap(input: HeatmapInput): RgbImage {
  const { image, h, w } = input;
  const { width, height } = image;
  const region = modelRegion(width, height, input.fit);
  const peak = Math.max(...Array.from(input.attention, (v) => (Number.isFinite(v) ? v : 0)));
  const scale = peak > 0 ? 1 / peak : 0;
  const thickness = Math.max(1, Math.round(Math.min(region.width, region.height) / 100));
  // A pixel belongs to the cell its centre falls in: the region's edges may lie half-way into a pixel.
  const cellOf = (x: number, y: number): number => cellAt(region, h, w, x + 0.5, y + 0.5);
  const masked = (cell: number) => cell >= 0 && input.mask[cell] === 0;

  const out = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = (y * width + x) * 3;
      const source = (y * width + x) * image.channels;
      const cell = cellOf(x, y);
      if (cell < 0) {
        for (let c = 0; c < 3; c++) out[p + c] = image.data[source + c]! >> 1;
        continue;
      }
      const onOutline =
        masked(cell) &&
        (!masked(cellOf(x - thickness, y)) || !masked(cellOf(x + thickness, y)) || !masked(cellOf(x, y - thickness)) || !masked(cellOf(x, y + thickness)));
      const { gx, gy } = gridPoint(region, h, w, x + 0.5, y + 0.5);
      const colour = onOutline ? OUTLINE : COLOURS[Math.round(255 * Math.min(1, Math.max(0, scale * sampleBilinear(input.attention, h, w, gx, gy))))]!;
      const opacity = onOutline ? 1 : ATTENTION_OPACITY;
      for (let c = 0; c < 3; c++) out[p + c] = Math.round((1 - opacity) * image.data[source + c]! + opacity * colour[c]!);
    }
  }
  return { data: out, width, height };
}

/** The grid value at fractional cell coordinates (cell centres at integers), clamped at the edges. */
export function sampleBilinear(grid: ArrayLike<number>, h: number, w: number, gx: number, gy: number): number {
  const x = Math.min(w - 1, Math.max(0, gx));
  const y = Math.min(h - 1, Math.max(0, gy));
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  const x1 = Math.min(w - 1, x0 + 1);
  const y1 = Math.min(h - 1, y0 + 1);
  const fx = x - x0;
  const fy = y - y0;
  const top = grid[y0 * w + x0]! * (1 - fx) + grid[y0 * w + x1]! * fx;
  const bottom = grid[y1 * w + x0]! * (1 - fx) + grid[y1 * w + x1]! * fx;
  return top * (1 - fy) + bottom * fy;
}
