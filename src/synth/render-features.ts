import type { Expression } from './conditions.ts';
import type { FaceGeometry } from './geometry.ts';
import type { FaceIdentity } from './identity.ts';
import { paintOver, type Paint } from './paint.ts';
import { capsuleDistance, coverage, ellipseDistance } from './shapes.ts';

/** Eyes: sclera, iris, pupil and catch-light clipped to the almond, with a dark upper lid line. */
export function paintEyes(paint: Paint, identity: FaceIdentity, geometry: FaceGeometry, expression: Expression, fx: number, fy: number, shade: number): void {
  const { pixel } = geometry;
  for (const eye of geometry.eyes) {
    const ex = fx - eye.x;
    const ey = fy - eye.y;
    if (Math.abs(ex) > eye.width + 0.02 || Math.abs(ey) > identity.eyeHeight + 0.02) continue;
    const height = Math.max(eye.height, pixel * 0.3);
    const almond = ellipseDistance(ex, ey, eye.width, height);
    const inside = coverage(almond / pixel);
    if (inside > 0) {
      const white = 0.92 * (0.55 + 0.45 * shade);
      paintOver(paint, white, white * 0.97, white * 0.94, inside);
      const irisRadius = eye.width * 0.45;
      const ix = ex - expression.gazeX * eye.width * 0.35;
      const iy = ey - expression.gazeY * identity.eyeHeight * 0.3;
      const irisDistance = Math.hypot(ix, iy);
      const iris = Math.min(inside, coverage((irisDistance - irisRadius) / pixel));
      const c = identity.iris;
      const rim = 0.75 + 0.25 * Math.min(1, (irisRadius - irisDistance) / (irisRadius * 0.4));
      paintOver(paint, c[0] * rim * shade, c[1] * rim * shade, c[2] * rim * shade, iris);
      paintOver(paint, 0.03, 0.03, 0.03, Math.min(inside, coverage((irisDistance - irisRadius * 0.45) / pixel)));
      const glint = Math.hypot(ix + irisRadius * 0.35, iy + irisRadius * 0.35) - irisRadius * 0.22;
      paintOver(paint, 1, 1, 1, Math.min(inside, coverage(glint / pixel)) * 0.85);
    }
    if (ey < height * 0.4) {
      const lid = coverage((Math.abs(almond) - 0.006) / pixel);
      paintOver(paint, 0.08, 0.05, 0.04, lid * 0.85);
    }
  }
}

/** Brows: slightly arched, tilted bars in a darkened hair colour. */
export function paintBrows(paint: Paint, identity: FaceIdentity, geometry: FaceGeometry, fx: number, fy: number, shade: number): void {
  const { pixel } = geometry;
  for (const brow of geometry.brows) {
    const dx = fx - brow.x;
    const dy = fy - brow.y;
    if (Math.abs(dx) > brow.halfLength + 0.03 || Math.abs(dy) > 0.08) continue;
    const cos = Math.cos(brow.tilt);
    const sin = Math.sin(brow.tilt);
    const u = cos * dx + sin * dy;
    const v = -sin * dx + cos * dy + 0.018 * (u / brow.halfLength) ** 2;
    const distance = ellipseDistance(u, v, brow.halfLength, brow.thickness);
    const k = 0.75 * (0.6 + 0.4 * shade);
    const h = identity.hair;
    paintOver(paint, h[0] * k, h[1] * k, h[2] * k, coverage(distance / pixel) * 0.92);
  }
}

export function paintNostrils(paint: Paint, identity: FaceIdentity, geometry: FaceGeometry, fx: number, fy: number): void {
  const { nose, pixel } = geometry;
  for (let side = -1; side <= 1; side += 2) {
    const distance = ellipseDistance(fx - nose.x - side * nose.width * 0.5, fy - nose.tipY - 0.006, 0.014, 0.008);
    const s = identity.skin;
    paintOver(paint, s[0] * 0.3, s[1] * 0.25, s[2] * 0.25, coverage(distance / pixel) * 0.9);
  }
}

/**
 * The mouth: lips bent by the smile, a dark opening with a strip of upper teeth when it is open, and a
 * lip line when it is closed.
 */
export function paintMouth(paint: Paint, identity: FaceIdentity, geometry: FaceGeometry, fx: number, fy: number, shade: number): void {
  const { mouth, pixel } = geometry;
  const lx = fx - mouth.x;
  if (Math.abs(lx) > mouth.width + 0.03) return;
  const bend = (lx / mouth.width) ** 2;
  const ly = fy - mouth.y + mouth.smile * 0.03 * bend;
  if (Math.abs(ly) > mouth.open + mouth.lip * 2 + 0.03) return;
  const lips = identity.lips;
  const upper = ellipseDistance(lx, ly + mouth.open + mouth.lip * 0.3, mouth.width, mouth.lip * 0.8);
  const lower = ellipseDistance(lx, ly - mouth.open - mouth.lip * 0.45, mouth.width * 0.82, mouth.lip);
  const lipShade = shade * (1 - 0.2 * Math.max(0, ly + mouth.open) / (mouth.lip * 2));
  paintOver(paint, lips[0] * lipShade, lips[1] * lipShade, lips[2] * lipShade, coverage(Math.min(upper, lower) / pixel));
  if (mouth.open > pixel * 0.25) {
    const opening = ellipseDistance(lx, ly, mouth.width * 0.8, mouth.open);
    const inside = coverage(opening / pixel);
    paintOver(paint, 0.22 * shade, 0.06 * shade, 0.06 * shade, inside);
    const teeth = Math.min(inside, coverage((ly + mouth.open * 0.35) / pixel));
    paintOver(paint, 0.88 * shade, 0.85 * shade, 0.78 * shade, teeth);
  } else {
    const line = capsuleDistance(lx, ly, -mouth.width * 0.9, 0, mouth.width * 0.9, 0, 0.004);
    paintOver(paint, lips[0] * 0.35, lips[1] * 0.25, lips[2] * 0.25, coverage(line / pixel) * 0.9);
  }
}
