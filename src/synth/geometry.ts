import type { FrameConditions } from './conditions.ts';
import type { FaceIdentity } from './identity.ts';

export interface EyeLandmark { x: number; y: number; width: number; height: number }
export interface BrowLandmark { x: number; y: number; halfLength: number; thickness: number; tilt: number }

/**
 * Where one frame's face sits: the face-to-image transform and the landmarks (face units) after pose and
 * expression. Renderers draw from it and manipulations find their regions with it, so a fake's region is
 * the real frame's own face, not a guess.
 */
export interface FaceGeometry {
  size: number;
  /** Face centre in image units ([-1, 1]). */
  centerX: number;
  centerY: number;
  /** Image units per face unit. */
  scale: number;
  roll: number;
  /** One pixel in face units, for anti-aliasing. */
  pixel: number;
  faceWidth: number;
  faceHeight: number;
  jawTaper: number;
  eyes: [EyeLandmark, EyeLandmark];
  brows: [BrowLandmark, BrowLandmark];
  nose: { x: number; topY: number; tipY: number; width: number };
  mouth: { x: number; y: number; width: number; open: number; lip: number; smile: number };
}

/** How far each feature stands out of the face plane, so a head turn slides it sideways by yaw * depth. */
const depth = { eyes: 0.08, nose: 0.2, mouth: 0.1 };

export function faceGeometry(identity: FaceIdentity, conditions: FrameConditions, size: number): FaceGeometry {
  const { expression, yaw } = conditions;
  const eye = (side: -1 | 1): EyeLandmark => ({
    x: side * identity.eyeSpacing + yaw * depth.eyes,
    y: identity.eyeY,
    width: identity.eyeWidth * (1 + side * yaw * 0.3),
    height: identity.eyeHeight * expression.eyeOpen,
  });
  const brow = (side: -1 | 1): BrowLandmark => ({
    x: side * (identity.eyeSpacing + 0.01) + yaw * depth.eyes,
    y: identity.eyeY - identity.browGap - expression.browRaise * 0.02,
    halfLength: identity.browLength,
    thickness: identity.browThickness,
    tilt: side * (identity.browTilt - expression.browRaise * 0.1),
  });
  return {
    size,
    centerX: conditions.centerX + yaw * 0.04,
    centerY: conditions.centerY,
    scale: conditions.scale,
    roll: conditions.roll,
    pixel: 2 / (size * conditions.scale),
    faceWidth: identity.faceWidth,
    faceHeight: identity.faceHeight,
    jawTaper: identity.jawTaper,
    eyes: [eye(-1), eye(1)],
    brows: [brow(-1), brow(1)],
    nose: {
      x: yaw * depth.nose,
      topY: identity.eyeY,
      tipY: identity.eyeY + identity.noseLength,
      width: identity.noseWidth,
    },
    mouth: {
      x: yaw * depth.mouth,
      y: identity.mouthY + expression.mouthOpen * 0.015,
      width: identity.mouthWidth * (1 + 0.15 * Math.max(0, expression.smile)),
      open: expression.mouthOpen * 0.045,
      lip: identity.lipThickness,
      smile: expression.smile,
    },
  };
}

/** Face units to pixel coordinates (pixel centres at integers). */
export function faceToPixel(geometry: FaceGeometry, fx: number, fy: number): [number, number] {
  const cos = Math.cos(geometry.roll);
  const sin = Math.sin(geometry.roll);
  const x = geometry.centerX + geometry.scale * (cos * fx - sin * fy);
  const y = geometry.centerY + geometry.scale * (sin * fx + cos * fy);
  const half = geometry.size / 2;
  return [(x + 1) * half - 0.5, (y + 1) * half - 0.5];
}

/** Pixel coordinates to face units; the inverse of `faceToPixel`. */
export function pixelToFace(geometry: FaceGeometry, px: number, py: number): [number, number] {
  const half = geometry.size / 2;
  const x = ((px + 0.5) / half - 1 - geometry.centerX) / geometry.scale;
  const y = ((py + 0.5) / half - 1 - geometry.centerY) / geometry.scale;
  const cos = Math.cos(geometry.roll);
  const sin = Math.sin(geometry.roll);
  return [cos * x + sin * y, -sin * x + cos * y];
}

/** Half-width of the face outline at height `fy` (the jaw narrows towards the chin). */
export function faceHalfWidthAt(geometry: FaceGeometry, fy: number): number {
  const below = Math.max(0, fy / geometry.faceHeight);
  return geometry.faceWidth * (1 - geometry.jawTaper * below * below);
}
