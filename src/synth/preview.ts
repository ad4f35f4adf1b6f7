import sharp from 'sharp';
import type { FamilyName } from './families/index.ts';
import type { FrameSet } from './frame-set.ts';
import { identityId } from './layout.ts';

const header = 24;

/**
 * A contact sheet: one row per identity, the real frame and each family's fake of it side by side, under
 * labelled columns. Tiles are enlarged (nearest neighbour, so artefacts are not smoothed away) to at
 * least 128 px.
 */
export async function writePreview(path: string, rows: readonly FrameSet[], familyNames: readonly FamilyName[], size: number): Promise<void> {
  const columns = ['real', ...familyNames] as const;
  const zoom = Math.max(1, Math.ceil(128 / size));
  const tile = size * zoom;
  const width = tile * columns.length;
  const grid = Buffer.alloc(width * tile * rows.length * 3);
  rows.forEach((set, row) => {
    columns.forEach((type, column) => {
      const pixels = set.pixels.get(type)!;
      for (let y = 0; y < tile; y++) {
        for (let x = 0; x < tile; x++) {
          const source = (Math.floor(y / zoom) * size + Math.floor(x / zoom)) * 3;
          const target = ((row * tile + y) * width + column * tile + x) * 3;
          grid[target] = pixels[source]!;
          grid[target + 1] = pixels[source + 1]!;
          grid[target + 2] = pixels[source + 2]!;
        }
      }
    });
  });
  const labels = columns.map((type, column) => label(type, column * tile + tile / 2, header - 7, 'middle')).join('');
  const rowLabels = rows.map((set, row) => label(identityId(set.key.identity), 4, header + row * tile + 14, 'start')).join('');
  const overlay = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${header + tile * rows.length}">${labels}${rowLabels}</svg>`;
  await sharp({ create: { width, height: header + tile * rows.length, channels: 3, background: '#1e1e1e' } })
    .composite([
      { input: grid, raw: { width, height: tile * rows.length, channels: 3 }, top: header, left: 0 },
      { input: Buffer.from(overlay), top: 0, left: 0 },
    ])
    .png()
    .toFile(path);
}

function label(text: string, x: number, y: number, anchor: 'start' | 'middle'): string {
  return `<text x="${x}" y="${y}" text-anchor="${anchor}" font-family="DejaVu Sans, sans-serif" font-size="14" fill="#ffffff" stroke="#000000" stroke-width="0.6">${text}</text>`;
}
