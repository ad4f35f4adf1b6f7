import type { FrameConditions } from './conditions.ts';
import { faceHalfWidthAt, type FaceGeometry } from './geometry.ts';
import type { FaceIdentity } from './identity.ts';
import { paintOver, type Paint } from './paint.ts';
import { coverage, ellipseDistance } from './shapes.ts';

/**
 * Lambert shading of the head as an ellipsoid: 1 where the skin faces the light, `ambient` in shadow.
 * `posterize` > 0 quantises it into that many flat bands (the faceted look of a graphics render).
 */
export function headShade(geometry: FaceGeometry, conditions: FrameConditions, fx: number, fy: number, posterize: number): number {
  const { light } = conditions;
  const nx = fx / (geometry.faceWidth * 1.15);
  const ny = fy / (geometry.faceHeight * 1.15);
  const nz = Math.sqrt(Math.max(0.04, 1 - nx * nx - ny * ny));
  const norm = Math.hypot(nx, ny, nz);
  const lambert = Math.max(0, (nx * light.x + ny * light.y + nz * light.z) / norm);
  const shade = light.ambient + (1 - light.ambient) * lambert;
  return posterize > 0 ? Math.round(shade * posterize) / posterize : shade;
}

/** Shoulders, neck, hair behind the head and ears: everything drawn before the face. */
export function paintBehindFace(paint: Paint, identity: FaceIdentity, geometry: FaceGeometry, conditions: FrameConditions, fx: number, fy: number): void {
  const { faceWidth: fw, faceHeight: fh, pixel } = geometry;
  const { light } = conditions;
  const sideLight = light.ambient + (1 - light.ambient) * Math.max(0, 0.6 * light.z + 0.4 * Math.max(-1, Math.min(1, fx / fw)) * light.x);

  const shoulder = fy < fh + 0.13 - pixel ? pixel : ellipseDistance(fx, fy - (fh + 0.55), 0.85, 0.42);
  if (shoulder < pixel) {
    const fold = 0.85 + 0.15 * Math.max(0, 1 - Math.abs(fx) / 0.85);
    const c = identity.clothing;
    paintOver(paint, c[0] * fold * sideLight, c[1] * fold * sideLight, c[2] * fold * sideLight, coverage(shoulder / pixel));
  }

  const hairDistance = hairBackDistance(identity, geometry, fx, fy);
  if (hairDistance < pixel) {
    const h = identity.hair;
    const sheen = 0.85 + 0.3 * Math.max(0, -fy / fh) * Math.max(0, 1 - Math.abs(fx) / fw);
    paintOver(paint, h[0] * sheen * sideLight, h[1] * sheen * sideLight, h[2] * sheen * sideLight, coverage(hairDistance / pixel));
  }

  const neckHalfWidth = fw * 0.5;
  if (fy > 0 && Math.abs(fx) < neckHalfWidth + pixel) {
    const alpha = coverage((Math.abs(fx) - neckHalfWidth) / pixel) * coverage((fy - fh - 0.45) / pixel);
    const underJaw = 0.72 + 0.2 * Math.min(1, Math.max(0, (fy - fh * 0.85) / 0.25));
    const s = identity.skin;
    const k = underJaw * sideLight;
    paintOver(paint, s[0] * k, s[1] * k, s[2] * k, alpha);
  }

  for (let side = -1; side <= 1; side += 2) {
    if (Math.abs(fy - identity.eyeY - 0.06) > 0.085 + pixel || Math.abs(fx - side * (fw - 0.01)) > 0.045 + pixel) continue;
    const ear = ellipseDistance(fx - side * (fw - 0.01), fy - (identity.eyeY + 0.06), 0.045, 0.085);
    if (ear < pixel) {
      const s = identity.skin;
      const k = 0.88 * sideLight;
      paintOver(paint, s[0] * k, s[1] * k, s[2] * k, coverage(ear / pixel));
    }
  }
}

/** Hair over the forehead, inside the hair's outline and above the hairline. */
export function paintFringe(paint: Paint, identity: FaceIdentity, geometry: FaceGeometry, conditions: FrameConditions, fx: number, fy: number): void {
  const { faceWidth: fw, faceHeight: fh, pixel } = geometry;
  const outline = ellipseDistance(fx, fy + 0.06, fw + identity.hairVolume * 0.5, fh + identity.hairVolume * 0.6);
  if (outline > pixel) return;
  const across = (fx - identity.parting * fw * 0.4) / fw;
  const hairlineY = -fh * identity.hairline + fh * 0.35 * across * across;
  const alpha = coverage(outline / pixel) * coverage((fy - hairlineY) / pixel);
  if (alpha <= 0) return;
  const shade = headShade(geometry, conditions, fx, fy, 0);
  const sheen = 0.9 + 0.25 * Math.max(0, 1 - Math.abs(fy - hairlineY + 0.12) / 0.08);
  const h = identity.hair;
  paintOver(paint, h[0] * shade * sheen, h[1] * shade * sheen, h[2] * shade * sheen, alpha);
}

/** Signed distance (face units) to the face outline: an ellipse whose jaw narrows towards the chin. */
export function faceOutlineDistance(geometry: FaceGeometry, fx: number, fy: number): number {
  return ellipseDistance(fx, fy, faceHalfWidthAt(geometry, fy), geometry.faceHeight);
}

function hairBackDistance(identity: FaceIdentity, geometry: FaceGeometry, fx: number, fy: number): number {
  const { faceWidth: fw, faceHeight: fh } = geometry;
  const volume = identity.hairVolume;
  const crown = ellipseDistance(fx, fy + 0.06, fw + volume, fh + volume * 0.6);
  const bottom = identity.eyeY + 0.02 + identity.hairLength * 0.6;
  const clipped = Math.max(crown, fy - bottom);
  if (identity.hairLength <= 0) return clipped;
  const sideHalfWidth = fw + volume * 0.8;
  const drape = Math.max(Math.abs(fx) - sideHalfWidth, Math.max(-0.1 - fy, fy - (identity.eyeY + identity.hairLength)));
  return Math.min(clipped, drape);
}
