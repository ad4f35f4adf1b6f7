import { Rng } from '../../util/rng.ts';
import { gaussianBlur, sampleBilinear } from '../filters.ts';
import { faceToPixel, pixelToFace, type FaceGeometry } from '../geometry.ts';
import { cloneImage, type RgbImage } from '../image.ts';
import type { RealFrame } from '../real-frame.ts';
import type { ForgeryFamily } from './family.ts';

/** A compact bump: 1 at the centre, 0 (exactly) from distance 1 on, smooth in between. */
function bump(r2: number): number {
  return r2 >= 1 ? 0 : (1 - r2) * (1 - r2);
}

interface Warp {
  /** Face-unit centre and radius of the bump. */
  x: number;
  y: number;
  radius: number;
  /** Vertical opening (+) or closing (-) about the centre line, face units. */
  open: number;
  /** Horizontal stretch (+) or squeeze (-) about the centre, face units. */
  stretch: number;
  /** Corners lifted (+) or lowered (-), face units. */
  lift: number;
}

/**
 * Expression re-enactment in the manner of Face2Face: the target's own mouth and eyes are pushed into a
 * driving actor's expression by a smooth local warp, resampled bilinearly and sharpened. Artefact: geometry
 * that moves while the skin texture is dragged along, and sharpening halos in the middle band, confined to
 * the mouth and eye areas; colour and everything else untouched.
 */
export const reenact: ForgeryFamily = {
  name: 'reenact',
  forge(real: RealFrame, seed: number) {
    const { key, geometry } = real;
    const rng = new Rng([seed, 'reenact', key.identity, key.video, key.frame]);
    const signed = (low: number, high: number) => rng.pick([-1, 1]) * rng.range(low, high);
    const { mouth } = geometry;
    const warps: Warp[] = [
      { x: mouth.x, y: mouth.y, radius: mouth.width * 1.7, open: signed(0.02, 0.035), stretch: signed(0.012, 0.025), lift: signed(0.01, 0.025) },
    ];
    const eyeOpen = signed(0.008, 0.015);
    for (const eye of geometry.eyes) warps.push({ x: eye.x, y: eye.y, radius: eye.width * 1.8, open: eyeOpen, stretch: 0, lift: 0 });
    const warped = applyWarps(real, warps);
    return { image: sharpen(warped.image, warped.region, geometry.size, rng.range(1.6, 2.4)), region: warped.region };
  },
};

/**
 * Re-enactment pipelines sharpen what they resampled to hide its softness; an unsharp mask with a radius
 * of a few pixels leaves halos around the moved edges, weighted by the warp so it fades out with it.
 */
function sharpen(image: RgbImage, weights: Float32Array, size: number, amount: number): RgbImage {
  const blurred = gaussianBlur(image, 1.2 * Math.sqrt(size / 64));
  const out = cloneImage(image);
  for (let p = 0; p < weights.length; p++) {
    const w = weights[p]!;
    if (w === 0) continue;
    for (let c = 0; c < 3; c++) {
      const i = p * 3 + c;
      out.data[i] = image.data[i]! + amount * w * (image.data[i]! - blurred.data[i]!);
    }
  }
  return out;
}

/** Backward warp: each output pixel inside a bump reads the real frame where the bump pulls it from. */
function applyWarps(real: RealFrame, warps: Warp[]) {
  const { geometry, image } = real;
  const out = cloneImage(image);
  const region = new Float32Array(geometry.size * geometry.size);
  const sample = new Float32Array(3);
  for (const [py, px] of pixelsNear(geometry, warps)) {
    const [fx, fy] = pixelToFace(geometry, px, py);
    let dx = 0;
    let dy = 0;
    let weight = 0;
    for (const warp of warps) {
      const ux = (fx - warp.x) / warp.radius;
      const uy = (fy - warp.y) / warp.radius;
      const b = bump(ux * ux + uy * uy);
      if (b === 0) continue;
      dx += b * warp.stretch * Math.max(-1, Math.min(1, ux / 0.5));
      dy += b * (warp.open * Math.max(-1, Math.min(1, uy / 0.35)) - warp.lift * ux * ux * 4);
      weight = Math.max(weight, b);
    }
    if (weight === 0) continue;
    const [sx, sy] = faceToPixel(geometry, fx - dx, fy - dy);
    sampleBilinear(image, sx, sy, sample);
    const i = (py * geometry.size + px) * 3;
    out.data[i] = sample[0]!;
    out.data[i + 1] = sample[1]!;
    out.data[i + 2] = sample[2]!;
    region[py * geometry.size + px] = weight;
  }
  return { image: out, region };
}

/** The pixels inside the warps' bounding boxes, so the face transform runs only where it can matter. */
function* pixelsNear(geometry: FaceGeometry, warps: Warp[]): Generator<[number, number]> {
  const seen = new Uint8Array(geometry.size * geometry.size);
  for (const warp of warps) {
    const [cx, cy] = faceToPixel(geometry, warp.x, warp.y);
    const reach = Math.ceil((warp.radius * geometry.scale * geometry.size) / 2) + 1;
    for (let py = Math.max(0, Math.floor(cy - reach)); py <= Math.min(geometry.size - 1, Math.ceil(cy + reach)); py++) {
      for (let px = Math.max(0, Math.floor(cx - reach)); px <= Math.min(geometry.size - 1, Math.ceil(cx + reach)); px++) {
        if (seen[py * geometry.size + px]) continue;
        seen[py * geometry.size + px] = 1;
        yield [py, px];
      }
    }
  }
}
