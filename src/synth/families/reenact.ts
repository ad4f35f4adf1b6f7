import { Rng } from '../../util/rng.ts';
import { gaussianBlur, sampleBilinear } from '../filters.ts';
import { faceToPixel, pixelToFace, type FaceGeometry } from '../geometry.ts';
import { cloneImage, type RgbImage } from '../image.ts';
import type { RealFrame } from '../real-frame.ts';
import { downsampleArea, resizeBilinear } from '../resize.ts';
import { maskBounds } from '../masks.ts';
import { blendStyleOf, generatorLook, innerFaceMask, pasteFace } from './blending.ts';
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
 * Expression re-enactment in the manner of Face2Face: the renderer redraws the target's inner face from its
 * face model, whose texture map holds the target's skin at half the frame's resolution, pushes the mouth and
 * eyes into a driving actor's expression by a smooth local warp, and sharpens the result to hide its
 * softness. Artefact, over the whole inner face: the middle band boosted (sharpening halos) while the finest
 * band is gone (the texture map's resolution), and at the mouth and eyes, moved edges with a ghost of the
 * unmoved ones.
 */
export const reenact: ForgeryFamily = {
  name: 'reenact',
  forge(real: RealFrame, seed: number) {
    const { key, geometry, conditions } = real;
    const rng = new Rng([seed, 'reenact', key.identity, key.video, key.frame]);
    const blending = blendStyleOf(seed, 'reenact', real);
    const signed = (low: number, high: number) => rng.pick([-1, 1]) * rng.range(low, high);
    const { mouth } = geometry;
    const warps: Warp[] = [
      { x: mouth.x, y: mouth.y, radius: mouth.width * 1.7, open: signed(0.07, 0.1), stretch: signed(0.03, 0.05), lift: signed(0.02, 0.04) },
    ];
    const eyeOpen = signed(0.025, 0.04);
    for (const eye of geometry.eyes) warps.push({ x: eye.x, y: eye.y, radius: eye.width * 1.8, open: eyeOpen, stretch: 0, lift: 0 });
    // The renderer redraws the whole inner face from its face model, so the family's own region is the blending mask.
    const own = innerFaceMask(geometry, blending.style.maskScale, blending.style.feather);
    const base = generatorLook(real.scene, conditions, blending.style, blending.rng, maskBounds(own, geometry.size, 0));
    // The face model's texture map holds the target's skin at half the frame's resolution.
    const textureMap = resizeBilinear(downsampleArea(base, 2), geometry.size, geometry.size);
    const field = warpField(geometry, warps);
    const warped = applyWarp(textureMap, field);
    const ghosted = ghost(warped, textureMap, field.weights, rng.range(0.3, 0.5));
    const sharpened = sharpen(ghosted, own, geometry.size, rng.range(1.4, 2.0));
    return { image: pasteFace(real, base, sharpened, own, own), region: own, ownRegion: own };
  },
};

/**
 * Re-enactment pipelines smooth the re-rendered mouth and eyes over time by blending in the frame before,
 * which still has the old expression: the moved edges show twice, a ghost of the unmoved face beside them.
 */
function ghost(image: RgbImage, unmoved: RgbImage, weights: Float32Array, strength: number): RgbImage {
  const out = cloneImage(image);
  for (let p = 0; p < weights.length; p++) {
    const g = strength * weights[p]!;
    if (g === 0) continue;
    for (let c = 0; c < 3; c++) out.data[p * 3 + c] = (1 - g) * image.data[p * 3 + c]! + g * unmoved.data[p * 3 + c]!;
  }
  return out;
}

/**
 * Re-enactment pipelines sharpen what they rendered to hide its softness; an unsharp mask with a radius of a
 * few pixels leaves halos around every edge of the redrawn face, weighted by its mask so it fades out with it.
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

/** Where each pixel inside a bump reads from (pixels) and how strongly it is moved (the bump's weight, 0 = not at all). */
interface WarpField {
  weights: Float32Array;
  sourceX: Float32Array;
  sourceY: Float32Array;
}

/** The backward warp of every pixel near a bump: where the bumps pull it from. */
function warpField(geometry: FaceGeometry, warps: Warp[]): WarpField {
  const pixels = geometry.size * geometry.size;
  const field = { weights: new Float32Array(pixels), sourceX: new Float32Array(pixels), sourceY: new Float32Array(pixels) };
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
    const p = py * geometry.size + px;
    [field.sourceX[p], field.sourceY[p]] = faceToPixel(geometry, fx - dx, fy - dy);
    field.weights[p] = weight;
  }
  return field;
}

/** Each pixel of `image` that the field moves is replaced by `image` read bilinearly where the field points. */
function applyWarp(image: RgbImage, field: WarpField): RgbImage {
  const out = cloneImage(image);
  const sample = new Float32Array(3);
  for (let p = 0; p < field.weights.length; p++) {
    if (field.weights[p] === 0) continue;
    sampleBilinear(image, field.sourceX[p]!, field.sourceY[p]!, sample);
    out.data.set(sample, p * 3);
  }
  return out;
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
