import { pixelToFace, type FaceGeometry } from './geometry.ts';
import type { PixelBox } from './image.ts';
import { smoothstep } from './shapes.ts';

/**
 * A soft elliptical mask in face units: 1 inside (1 - feather) of the radii, falling smoothly to exactly 0
 * at the ellipse, so pixels outside it are left bit-identical by `blendInto`.
 */
export function softEllipseMask(geometry: FaceGeometry, cx: number, cy: number, rx: number, ry: number, feather: number): Float32Array {
  const points = facePoints(geometry);
  const mask = new Float32Array(geometry.size * geometry.size);
  for (let p = 0; p < mask.length; p++) {
    const k = Math.hypot((points[p * 2]! - cx) / rx, (points[p * 2 + 1]! - cy) / ry);
    if (k < 1) mask[p] = 1 - smoothstep(1 - feather, 1, k);
  }
  return mask;
}

/**
 * A hard 0/1 mask of a convex polygon given in face units: a pixel is in when its centre is, with no
 * anti-aliasing, which is what leaves the stair-stepped seam of a pasted graphics render.
 */
export function hardPolygonMask(geometry: FaceGeometry, vertices: ReadonlyArray<readonly [number, number]>): Float32Array {
  const points = facePoints(geometry);
  const mask = new Float32Array(geometry.size * geometry.size);
  for (let p = 0; p < mask.length; p++) {
    if (insideConvexPolygon(vertices, points[p * 2]!, points[p * 2 + 1]!)) mask[p] = 1;
  }
  return mask;
}

const facePointCache = new WeakMap<FaceGeometry, Float64Array>();

/** Every pixel centre in face units (x, y interleaved), computed once per frame's geometry. */
function facePoints(geometry: FaceGeometry): Float64Array {
  let points = facePointCache.get(geometry);
  if (points) return points;
  const { size } = geometry;
  points = new Float64Array(size * size * 2);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const [fx, fy] = pixelToFace(geometry, px, py);
      points[(py * size + px) * 2] = fx;
      points[(py * size + px) * 2 + 1] = fy;
    }
  }
  facePointCache.set(geometry, points);
  return points;
}

function insideConvexPolygon(vertices: ReadonlyArray<readonly [number, number]>, x: number, y: number): boolean {
  let sign = 0;
  for (let i = 0; i < vertices.length; i++) {
    const [ax, ay] = vertices[i]!;
    const [bx, by] = vertices[(i + 1) % vertices.length]!;
    const cross = (bx - ax) * (y - ay) - (by - ay) * (x - ax);
    if (cross === 0) continue;
    const s = cross > 0 ? 1 : -1;
    if (sign === 0) sign = s;
    else if (s !== sign) return false;
  }
  return true;
}

/** The smallest box holding every non-zero pixel of `mask`, grown by `margin` pixels on each side. */
export function maskBounds(mask: Float32Array, size: number, margin: number): PixelBox {
  let x0 = size;
  let y0 = size;
  let x1 = 0;
  let y1 = 0;
  for (let p = 0; p < mask.length; p++) {
    if (mask[p] === 0) continue;
    const x = p % size;
    const y = (p - x) / size;
    x0 = Math.min(x0, x);
    y0 = Math.min(y0, y);
    x1 = Math.max(x1, x + 1);
    y1 = Math.max(y1, y + 1);
  }
  return { x0: x0 - margin, y0: y0 - margin, x1: x1 + margin, y1: y1 + margin };
}
