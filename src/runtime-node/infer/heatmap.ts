import type { DecodedImage, FitMode } from '../../runtime-common/preprocess.ts';
import { inferno } from '../../runtime-common/colormap.ts';
import { cellAt, gridPoint, modelRegion, type SourceRect } from '../../runtime-common/model-region.ts';

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
const FACE_BOX: readonly [number, number, number] = [0, 255, 0];
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
  return renderOverlays(image, [{ region: modelRegion(image.width, image.height, input.fit), attention: input.attention, mask: input.mask }], h, w);
}

/** One scored crop of a picture: where the model's input came from, and its attention and mask there. */
export interface HeatmapOverlay {
  readonly region: SourceRect;
  readonly attention: ArrayLike<number>;
  readonly mask: ArrayLike<number>;
  /** A box to outline as well (a detected face); drawn over everything. */
  readonly box?: SourceRect;
}

/**
 * Each overlay's attention and mask drawn over its region of the picture (the first overlay that holds a
 * pixel wins), every box outlined, and what no overlay covers dimmed: a photo's faces, each with its
 * attention, on the photo at full resolution.
 */
export function renderOverlays(image: DecodedImage, overlays: readonly HeatmapOverlay[], h: number, w: number): RgbImage {
  const { width, height } = image;
  const out = new Uint8Array(width * height * 3);
  for (let p = 0, s = 0; p < out.length; p += 3, s += image.channels) for (let c = 0; c < 3; c++) out[p + c] = image.data[s + c]! >> 1;
  for (const overlay of [...overlays].reverse()) drawOverlay(image, overlay, h, w, out);
  for (const { box, region } of overlays) if (box) outlineBox(out, width, height, box, Math.max(1, Math.round(Math.min(region.width, region.height) / 100)));
  return { data: out, width, height };
}

function drawOverlay(image: DecodedImage, overlay: HeatmapOverlay, h: number, w: number, out: Uint8Array): void {
  const { width, height } = image;
  const { region } = overlay;
  const peak = Math.max(...Array.from(overlay.attention, (v) => (Number.isFinite(v) ? v : 0)));
  const scale = peak > 0 ? 1 / peak : 0;
  const thickness = Math.max(1, Math.round(Math.min(region.width, region.height) / 100));
  // A pixel belongs to the cell its centre falls in: the region's edges may lie half-way into a pixel.
  const cellOf = (x: number, y: number): number => cellAt(region, h, w, x + 0.5, y + 0.5);
  const masked = (cell: number) => cell >= 0 && overlay.mask[cell] === 0;
  const [x0, x1] = [Math.max(0, Math.floor(region.x)), Math.min(width, Math.ceil(region.x + region.width))];
  const [y0, y1] = [Math.max(0, Math.floor(region.y)), Math.min(height, Math.ceil(region.y + region.height))];
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const cell = cellOf(x, y);
      if (cell < 0) continue;
      const p = (y * width + x) * 3;
      const source = (y * width + x) * image.channels;
      const onOutline =
        masked(cell) &&
        (!masked(cellOf(x - thickness, y)) || !masked(cellOf(x + thickness, y)) || !masked(cellOf(x, y - thickness)) || !masked(cellOf(x, y + thickness)));
      const { gx, gy } = gridPoint(region, h, w, x + 0.5, y + 0.5);
      const colour = onOutline ? OUTLINE : COLOURS[Math.round(255 * Math.min(1, Math.max(0, scale * sampleBilinear(overlay.attention, h, w, gx, gy))))]!;
      const opacity = onOutline ? 1 : ATTENTION_OPACITY;
      for (let c = 0; c < 3; c++) out[p + c] = Math.round((1 - opacity) * image.data[source + c]! + opacity * colour[c]!);
    }
  }
}

/** A box's outline, `thickness` pixels wide inside its edges, in the face colour. */
function outlineBox(out: Uint8Array, width: number, height: number, box: SourceRect, thickness: number): void {
  const left = Math.max(0, Math.round(box.x));
  const top = Math.max(0, Math.round(box.y));
  const right = Math.min(width, Math.round(box.x + box.width));
  const bottom = Math.min(height, Math.round(box.y + box.height));
  for (let y = top; y < bottom; y++) {
    for (let x = left; x < right; x++) {
      if (x - left >= thickness && right - 1 - x >= thickness && y - top >= thickness && bottom - 1 - y >= thickness) continue;
      out.set(FACE_BOX, (y * width + x) * 3);
    }
  }
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
