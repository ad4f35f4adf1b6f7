import { describe, expect, it } from 'vitest';
import { inferno } from '../../../../src/runtime-common/colormap.ts';
import { featureCell, modelRegion } from '../../../../src/runtime-common/model-region.ts';
import { renderHeatmap, renderOverlays, sampleBilinear } from '../../../../src/runtime-node/infer/heatmap.ts';

/** A flat grey picture, so every colour change in the output comes from the overlay. */
function grey(width: number, height: number) {
  return { data: new Uint8Array(width * height * 3).fill(128), width, height, channels: 3 as const };
}

function pixel(image: { data: Uint8Array; width: number }, x: number, y: number): number[] {
  const p = (y * image.width + x) * 3;
  return Array.from(image.data.subarray(p, p + 3));
}

describe('sampleBilinear', () => {
  const grid = [0, 1, 2, 3]; // 2 x 2

  it('returns cell values at cell centres, interpolates between, and clamps outside', () => {
    expect(sampleBilinear(grid, 2, 2, 0, 0)).toBe(0);
    expect(sampleBilinear(grid, 2, 2, 1, 1)).toBe(3);
    expect(sampleBilinear(grid, 2, 2, 0.5, 0.5)).toBeCloseTo(1.5, 12);
    expect(sampleBilinear(grid, 2, 2, 0.25, 0)).toBeCloseTo(0.25, 12);
    expect(sampleBilinear(grid, 2, 2, -3, 5)).toBe(2);
  });
});

describe('inferno', () => {
  it('runs from near black to pale yellow and clamps', () => {
    expect(inferno(0)).toEqual([0, 0, 4]);
    expect(inferno(1)).toEqual([252, 255, 164]);
    expect(inferno(-1)).toEqual([0, 0, 4]);
    expect(inferno(0.125)).toEqual([44, 8, 57]);
  });
});

describe('renderHeatmap', () => {
  // 2 x 2 grid over a 40 x 40 picture: each cell is 20 x 20 pixels. Cell 3 (bottom right) is most attended
  // and masked.
  const attention = [0.1, 0.2, 0.2, 0.5];
  const mask = [1, 1, 1, 0];

  it('keeps the picture size and blends the attention colour at half opacity', () => {
    const out = renderHeatmap({ image: grey(40, 40), attention, mask, h: 2, w: 2, fit: 'fill' });
    expect(out.width).toBe(40);
    expect(out.height).toBe(40);
    expect(out.data.length).toBe(40 * 40 * 3);
    // Up to the top-left cell's centre the sample is clamped to its value: 0.1 / peak 0.5 = 0.2 on the scale.
    const colour = inferno(0.2);
    expect(pixel(out, 3, 5)).toEqual(colour.map((c) => Math.round(0.5 * 128 + 0.5 * c)));
  });

  it('outlines the masked cell where it meets unmasked cells or the picture edge, not inside it', () => {
    const out = renderHeatmap({ image: grey(40, 40), attention, mask, h: 2, w: 2, fit: 'fill' });
    const cyan = [0, 255, 255];
    expect(pixel(out, 20, 30)).toEqual(cyan); // left edge of the masked cell, next to cell 2
    expect(pixel(out, 30, 39)).toEqual(cyan); // bottom edge of the picture
    expect(pixel(out, 30, 30)).not.toEqual(cyan); // its inside shows attention
    expect(pixel(out, 10, 30)).not.toEqual(cyan); // unmasked cells are never outlined
  });

  it('dims what a cover crop left out and draws the grid over the centred square only', () => {
    const out = renderHeatmap({ image: grey(80, 40), attention, mask, h: 2, w: 2, fit: 'cover' });
    expect(pixel(out, 5, 20)).toEqual([64, 64, 64]);
    expect(pixel(out, 75, 20)).toEqual([64, 64, 64]);
    expect(pixel(out, 21, 2)).toEqual(inferno(0.2).map((c) => Math.round(0.5 * 128 + 0.5 * c)));
  });

  it('outlines the masked cell from the pixel whose centre enters it, when an odd crop margin puts its edge mid-pixel', () => {
    // 43 x 40 under cover: the model saw x in [1.5, 41.5), so cell 3 starts at x 21.5 and y 20.
    const image = grey(43, 40);
    const out = renderHeatmap({ image, attention, mask, h: 2, w: 2, fit: 'cover' });
    const cell = featureCell(modelRegion(43, 40, 'cover'), 2, 2, 1, 1);
    expect(cell.x).toBe(21.5);
    const firstColumn = Math.ceil(cell.x - 0.5); // the first pixel centre at or past the edge
    const cyan = [0, 255, 255];
    expect(pixel(out, firstColumn, 30)).toEqual(cyan);
    expect(pixel(out, firstColumn - 1, 30)).not.toEqual(cyan);
    expect(pixel(out, 41, 30)).toEqual([64, 64, 64]); // centre 41.5: outside what the model saw
    expect(pixel(out, 40, 30)).toEqual(cyan);
  });
});

describe('renderOverlays', () => {
  it('draws each face crop\'s attention in its region, outlines each face box and dims the rest of the photo', () => {
    const overlays = [
      { region: { x: 10, y: 10, width: 20, height: 20 }, attention: [1, 1, 1, 1], mask: [1, 1, 1, 1], box: { x: 13, y: 13, width: 14, height: 14 } },
      { region: { x: 50, y: 0, width: 30, height: 30 }, attention: [0, 0, 0, 1], mask: [1, 1, 1, 1] },
    ];
    const out = renderOverlays(grey(100, 40), overlays, 2, 2);
    const blend = (value: number) => inferno(value).map((c) => Math.round(0.5 * 128 + 0.5 * c));
    expect(pixel(out, 5, 5)).toEqual([64, 64, 64]); // outside every crop
    expect(pixel(out, 90, 35)).toEqual([64, 64, 64]);
    expect(pixel(out, 11, 11)).toEqual(blend(1)); // first crop, flat attention at its peak
    expect(pixel(out, 13, 20)).toEqual([0, 255, 0]); // its face box's left edge
    expect(pixel(out, 20, 26)).toEqual([0, 255, 0]); // bottom edge, inside the box
    expect(pixel(out, 20, 20)).toEqual(blend(1)); // inside the box
    expect(pixel(out, 52, 2)).toEqual(blend(0)); // second crop, top-left cell
    expect(pixel(out, 78, 28)).toEqual(blend(1));
  });
});
