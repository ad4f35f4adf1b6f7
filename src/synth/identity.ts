import { Rng } from '../util/rng.ts';

export type Rgb = readonly [number, number, number];

/**
 * What stays fixed for one person across all their videos and frames. Lengths are in face units: the
 * image spans [-1, 1] on each axis, before the per-frame scale.
 */
export interface FaceIdentity {
  faceWidth: number;
  faceHeight: number;
  /** 0 = oval chin, larger = narrower, pointier jaw. */
  jawTaper: number;
  skin: Rgb;
  blush: number;
  eyeSpacing: number;
  eyeY: number;
  eyeWidth: number;
  eyeHeight: number;
  iris: Rgb;
  browThickness: number;
  browLength: number;
  browGap: number;
  /** Tilt of the brows in radians; positive lifts the outer ends. */
  browTilt: number;
  noseLength: number;
  noseWidth: number;
  mouthY: number;
  mouthWidth: number;
  lipThickness: number;
  lips: Rgb;
  hair: Rgb;
  /** How far the hair stands off the skull. */
  hairVolume: number;
  /** Height of the hairline above the eyes, as a fraction of the face height. */
  hairline: number;
  /** Vertical extent of hair beside the face (0 = short hair). */
  hairLength: number;
  parting: number;
  clothing: Rgb;
}

const skinTones: Rgb[] = [
  [0.96, 0.8, 0.69],
  [0.88, 0.67, 0.53],
  [0.76, 0.55, 0.4],
  [0.58, 0.39, 0.26],
  [0.38, 0.25, 0.17],
];
const hairColours: Rgb[] = [
  [0.07, 0.05, 0.04],
  [0.22, 0.13, 0.07],
  [0.42, 0.27, 0.15],
  [0.78, 0.62, 0.38],
  [0.55, 0.22, 0.09],
  [0.62, 0.6, 0.58],
];
const irisColours: Rgb[] = [
  [0.3, 0.18, 0.08],
  [0.18, 0.1, 0.05],
  [0.25, 0.42, 0.6],
  [0.3, 0.45, 0.28],
];

/** The identity drawn from `rng`; callers seed it per person (e.g. [seed, 'identity', index]). */
export function drawIdentity(rng: Rng): FaceIdentity {
  const tone = rng.uniform() * (skinTones.length - 1);
  const low = Math.floor(tone);
  const skin = lerpRgb(skinTones[low]!, skinTones[Math.min(low + 1, skinTones.length - 1)]!, tone - low).map(
    (v) => clamp01(v * rng.range(0.95, 1.05)),
  ) as unknown as Rgb;
  const hair = rng.pick(hairColours).map((v) => clamp01(v * rng.range(0.85, 1.15))) as unknown as Rgb;
  const faceHeight = rng.range(0.5, 0.58);
  return {
    faceWidth: rng.range(0.37, 0.45),
    faceHeight,
    jawTaper: rng.range(0.05, 0.4),
    skin,
    blush: rng.range(0, 0.12),
    eyeSpacing: rng.range(0.14, 0.19),
    eyeY: rng.range(-0.1, -0.04),
    eyeWidth: rng.range(0.065, 0.085),
    eyeHeight: rng.range(0.03, 0.042),
    iris: rng.pick(irisColours),
    browThickness: rng.range(0.012, 0.026),
    browLength: rng.range(0.07, 0.1),
    browGap: rng.range(0.055, 0.08),
    browTilt: rng.range(-0.15, 0.25),
    noseLength: rng.range(0.14, 0.2),
    noseWidth: rng.range(0.045, 0.07),
    mouthY: rng.range(0.24, 0.3),
    mouthWidth: rng.range(0.1, 0.14),
    lipThickness: rng.range(0.018, 0.032),
    lips: [clamp01(skin[0] * 0.82 + 0.08), skin[1] * 0.55, skin[2] * 0.58],
    hair,
    hairVolume: rng.range(0.03, 0.12),
    hairline: rng.range(0.45, 0.7),
    hairLength: rng.uniform() < 0.4 ? rng.range(0.3, 0.9) : 0,
    parting: rng.range(-0.5, 0.5),
    clothing: [rng.range(0.1, 0.8), rng.range(0.1, 0.8), rng.range(0.1, 0.8)],
  };
}

export function lerpRgb(a: Rgb, b: Rgb, t: number): Rgb {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
}

function clamp01(v: number): number {
  return v < 0 ? 0 : v > 1 ? 1 : v;
}
