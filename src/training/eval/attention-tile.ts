import sharp from 'sharp';
import { infernoTable as attentionColours } from '../../runtime-common/colormap.ts';

/** Half image, half colour: the face stays recognisable under the heat-map. */
const attentionOpacity = 0.5;

export interface TileInput {
  /** HWC RGB in [0, 1], size x size: the pixels the model saw. */
  readonly pixels: Float32Array;
  readonly size: number;
  /** The teacher's attention over the h x w grid, row-major. */
  readonly attention: ArrayLike<number>;
  readonly h: number;
  readonly w: number;
}

/**
 * One face at `tile` x `tile` pixels (raw RGB): the image enlarged by nearest neighbour, so artefacts are
 * not smoothed away, under its attention map enlarged bilinearly, scaled so its most attended position is
 * brightest, and alpha-blended on top.
 */
export async function attentionTile(input: TileInput, tile: number): Promise<Uint8Array> {
  const { size, h, w } = input;
  const face = await sharp(Uint8Array.from(input.pixels, (v) => Math.round(255 * Math.min(1, Math.max(0, v)))), { raw: { width: size, height: size, channels: 3 } })
    .resize(tile, tile, { kernel: 'nearest' })
    .raw()
    .toBuffer();
  const peak = Math.max(...Array.from(input.attention));
  const levels = Uint8Array.from(input.attention, (v) => (peak > 0 ? Math.round((255 * Math.max(0, v)) / peak) : 0));
  const heat = await sharp(levels, { raw: { width: w, height: h, channels: 1 } })
    .resize(tile, tile, { kernel: 'linear' })
    // sharp treats one channel as greyscale and would hand back three.
    .extractChannel(0)
    .raw()
    .toBuffer();
  const out = new Uint8Array(tile * tile * 3);
  for (let p = 0; p < tile * tile; p++) {
    const level = heat[p]!;
    for (let c = 0; c < 3; c++) out[p * 3 + c] = Math.round((1 - attentionOpacity) * face[p * 3 + c]! + attentionOpacity * attentionColours[level * 3 + c]!);
  }
  return out;
}

/**
 * SVG line segments along the border of the masked region (mask 0) of an h x w grid drawn at
 * (left, top) with `cell` pixels per position: every edge between a masked cell and an unmasked one or
 * the grid's edge.
 */
export function maskOutline(mask: ArrayLike<number>, h: number, w: number, left: number, top: number, cell: number): string {
  const masked = (row: number, column: number) => row >= 0 && row < h && column >= 0 && column < w && mask[row * w + column] === 0;
  const segments: string[] = [];
  const line = (x1: number, y1: number, x2: number, y2: number) =>
    segments.push(`<line x1="${left + x1 * cell}" y1="${top + y1 * cell}" x2="${left + x2 * cell}" y2="${top + y2 * cell}"/>`);
  for (let row = 0; row < h; row++) {
    for (let column = 0; column < w; column++) {
      if (!masked(row, column)) continue;
      if (!masked(row - 1, column)) line(column, row, column + 1, row);
      if (!masked(row + 1, column)) line(column, row + 1, column + 1, row + 1);
      if (!masked(row, column - 1)) line(column, row, column, row + 1);
      if (!masked(row, column + 1)) line(column + 1, row, column + 1, row + 1);
    }
  }
  return segments.join('');
}
