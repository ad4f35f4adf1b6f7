import type { FrameConditions } from './conditions.ts';
import { paintOver, type Paint } from './paint.ts';
import { coverage, ellipseDistance } from './shapes.ts';

/**
 * The wall behind the person: a vertical gradient with a few soft-edged props, moving slightly from frame
 * to frame as the camera does. `x`, `y` are image units; `pixel` is one pixel in image units.
 */
export function paintBackdrop(paint: Paint, conditions: FrameConditions, x: number, y: number, pixel: number): void {
  const { scene, backdropShift } = conditions;
  const t = (y + 1) / 2;
  paint.r = scene.backdropTop[0] + (scene.backdropBottom[0] - scene.backdropTop[0]) * t;
  paint.g = scene.backdropTop[1] + (scene.backdropBottom[1] - scene.backdropTop[1]) * t;
  paint.b = scene.backdropTop[2] + (scene.backdropBottom[2] - scene.backdropTop[2]) * t;
  for (const prop of scene.props) {
    const dx = x - prop.x - backdropShift;
    const dy = y - prop.y;
    if (Math.abs(dx) > prop.halfWidth + pixel || Math.abs(dy) > prop.halfHeight + pixel) continue;
    const distance = prop.boxiness > 0 ? roundedBoxDistance(dx, dy, prop.halfWidth, prop.halfHeight, 0.04) : ellipseDistance(dx, dy, prop.halfWidth, prop.halfHeight);
    const alpha = coverage(distance / pixel);
    const light = 1.05 - 0.25 * ((dy / prop.halfHeight + 1) / 2);
    paintOver(paint, prop.colour[0] * light, prop.colour[1] * light, prop.colour[2] * light, alpha);
  }
}

function roundedBoxDistance(x: number, y: number, halfWidth: number, halfHeight: number, radius: number): number {
  const qx = Math.abs(x) - halfWidth + radius;
  const qy = Math.abs(y) - halfHeight + radius;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - radius;
}
