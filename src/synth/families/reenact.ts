import { Rng } from '../../util/rng.ts';
import { gaussianBlur, sampleBilinear } from '../filters.ts';
import { faceToPixel, pixelToFace, type FaceGeometry } from '../geometry.ts';
import { cloneImage, type RgbImage } from '../image.ts';
import type { RealFrame } from '../real-frame.ts';
import { downsampleArea, resizeBilinear } from '../resize.ts';
import { maskBounds } from '../masks.ts';
import { blendStyleOf, generatorLook, pasteFace, pasteRegion } from './blending.ts';
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
 * driving actor's expression by a smooth local warp that reads the face model's half-resolution texture
 * map, lightly sharpened, in a face the renderer redraws whole (so the blending step's traces are there).
 * Artefact, confined to the mouth and eyes: geometry that moves while the skin texture is dragged along,
 * smeared by the texture map's resolution, sharpening halos and a ghost of the unmoved edges.
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
      { x: mouth.x, y: mouth.y, radius: mouth.width * 1.7, open: signed(0.03, 0.05), stretch: signed(0.015, 0.03), lift: signed(0.015, 0.03) },
    ];
    const eyeOpen = signed(0.012, 0.02);
    for (const eye of geometry.eyes) warps.push({ x: eye.x, y: eye.y, radius: eye.width * 1.8, open: eyeOpen, stretch: 0, lift: 0 });
    const field = warpField(geometry, warps);
    const own = field.weights;
    const region = pasteRegion(real, blending.style, own);
    const base = generatorLook(real.scene, conditions, blending.style, blending.rng, maskBounds(region, geometry.size, 0));
    // The face model's texture map holds the target's skin at half the frame's resolution.
    const textureMap = resizeBilinear(downsampleArea(base, 2), geometry.size, geometry.size);
    const warped = applyWarp(base, textureMap, field);
    const sharpened = sharpen(warped, own, geometry.size, rng.range(1.0, 1.6));
    const ghosted = mix(sharpened, base, rng.range(0.3, 0.5));
    return { image: pasteFace(real, base, ghosted, own, region), region, ownRegion: own };
  },
};

/**
 * Re-enactment pipelines smooth the re-rendered mouth and eyes over time by blending in the frame before,
 * which still has the old expression: the moved edges show twice, a ghost of the unwarped face beside them.
 */
function mix(image: RgbImage, ghost: RgbImage, weight: number): RgbImage {
  const out = cloneImage(image);
  for (let i = 0; i < out.data.length; i++) out.data[i] = (1 - weight) * image.data[i]! + weight * ghost.data[i]!;
  return out;
}

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

/** Each pixel of `base` that the field moves is replaced by `source` read bilinearly where the field points. */
function applyWarp(base: RgbImage, source: RgbImage, field: WarpField): RgbImage {
  const out = cloneImage(base);
  const sample = new Float32Array(3);
  for (let p = 0; p < field.weights.length; p++) {
    if (field.weights[p] === 0) continue;
    sampleBilinear(source, field.sourceX[p]!, field.sourceY[p]!, sample);
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
