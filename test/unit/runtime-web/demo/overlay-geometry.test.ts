import { describe, expect, it } from 'vitest';
import { featureCell, modelRegion } from '../../../../src/runtime-common/model-region.ts';
import type { FitMode } from '../../../../src/runtime-common/preprocess.ts';
import { maskOutline, overlayGeometry } from '../../../../src/runtime-web/demo/overlay-geometry.ts';

/** The demo's canvases show the picture scaled to a rounded size; the cells must still be the model's. */
describe.each<[FitMode, number, number, number, number]>([
  // fit, picture width, height, canvas width, height
  ['cover', 33, 16, 33, 16],
  ['cover', 1001, 667, 512, 341],
  ['fill', 45, 75, 45, 75],
  ['fill', 777, 1023, 389, 512],
])('overlayGeometry under %s, a %i x %i picture on a %i x %i canvas', (fit, width, height, canvasWidth, canvasHeight) => {
  const [h, w] = [3, 5];
  const geometry = overlayGeometry({ width, height }, { width: canvasWidth, height: canvasHeight }, fit, h, w);
  const [scaleX, scaleY] = [canvasWidth / width, canvasHeight / height];

  it('draws every cell on the canvas where the shared crop rule puts it in the picture, within 1e-9 px', () => {
    const region = modelRegion(width, height, fit);
    expect(geometry.cells).toHaveLength(h * w);
    for (let row = 0; row < h; row++) {
      for (let column = 0; column < w; column++) {
        const model = featureCell(region, h, w, row, column);
        const drawn = geometry.cells[row * w + column]!;
        expect(Math.abs(drawn.x / scaleX - model.x)).toBeLessThan(1e-9);
        expect(Math.abs(drawn.y / scaleY - model.y)).toBeLessThan(1e-9);
        expect(Math.abs((drawn.x + drawn.width) / scaleX - (model.x + model.width))).toBeLessThan(1e-9);
        expect(Math.abs((drawn.y + drawn.height) / scaleY - (model.y + model.height))).toBeLessThan(1e-9);
      }
    }
    expect(Math.abs(geometry.region.x / scaleX - region.x)).toBeLessThan(1e-9);
    expect(Math.abs(geometry.region.width / scaleX - region.width)).toBeLessThan(1e-9);
  });

  it('outlines a masked block along its outer cell edges only', () => {
    // Cells (1, 1) and (1, 2) masked: one 1 x 2 block, six strips (no strip between the two).
    const mask = Array.from({ length: h * w }, (_, i) => (i === 6 || i === 7 ? 0 : 1));
    const strips = maskOutline(geometry, mask, h, w, 2);
    expect(strips).toHaveLength(6);
    const [left, right] = [geometry.cells[6]!, geometry.cells[7]!];
    const blockRight = right.x + right.width;
    for (const strip of strips) {
      const onLeftEdge = strip.x === left.x && strip.width === 2;
      const onRightEdge = strip.x + strip.width === blockRight && strip.width === 2;
      const onTopOrBottom = strip.height === 2 && (strip.y === left.y || strip.y + 2 === left.y + left.height);
      expect(onLeftEdge || onRightEdge || onTopOrBottom, JSON.stringify(strip)).toBe(true);
      // Nothing is drawn on the shared edge between the two masked cells.
      expect(strip.x < right.x && strip.x + strip.width > right.x && strip.height > 2).toBe(false);
    }
  });
});
