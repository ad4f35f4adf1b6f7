import { modelRegion, sampleCentre } from './model-region.ts';

/**
 * Pre-processing shared by the trainer and every runtime: decoded 8-bit RGB(A) pixels -> a square image of the
 * model's size -> float32 in [0, 1]. It is written here in plain TypeScript, not delegated to sharp or a
 * canvas, because the browser, Node and the trainer must produce the same floats from the same pixels, and
 * no two image libraries resample alike.
 */

/** How a non-square image becomes square: `cover` centre-crops the longer side, `fill` stretches. */
export type FitMode = 'cover' | 'fill';

export interface DecodedImage {
  /** Row-major pixels, `channels` bytes per pixel (3 = RGB, 4 = RGBA, whose alpha is ignored). */
  readonly data: Uint8Array | Uint8ClampedArray;
  readonly width: number;
  readonly height: number;
  readonly channels: 3 | 4;
}

/**
 * Resizes to `size` x `size` with a separable triangle (bilinear) filter whose support widens with the
 * downscale factor, i.e. antialiased like PIL's BILINEAR and torchvision's `antialias=True`. Returns HWC RGB
 * floats in [0, 1] (pixel / 255).
 */
export function resizeToSquare(image: DecodedImage, size: number, fit: FitMode): Float32Array {
  const region = modelRegion(image.width, image.height, fit);
  const horizontal = filterTaps(region.x, region.width, image.width, size);
  const vertical = filterTaps(region.y, region.height, image.height, size);
  return resample(image, horizontal, vertical, size);
}

/**
 * The two separable passes over `image` with the given taps, into `size` x `size` HWC RGB floats in [0, 1].
 * Taps past the image's right or bottom edge read 0 (the face detector's letterbox padding); the model's own
 * taps never reach there.
 */
export function resample(image: DecodedImage, horizontal: readonly Taps[], vertical: readonly Taps[], size: number): Float32Array {
  const { width, height, channels, data } = image;
  // Pass 1: resample rows (every source row, output width) into float RGB.
  const rows = new Float64Array(height * size * 3);
  for (let y = 0; y < height; y++) {
    const rowStart = y * width * channels;
    for (let x = 0; x < size; x++) {
      const { first, weights } = horizontal[x]!;
      const count = Math.min(weights.length, width - first);
      let r = 0;
      let g = 0;
      let b = 0;
      for (let t = 0; t < count; t++) {
        const p = rowStart + (first + t) * channels;
        const w = weights[t]!;
        r += w * data[p]!;
        g += w * data[p + 1]!;
        b += w * data[p + 2]!;
      }
      const o = (y * size + x) * 3;
      rows[o] = r;
      rows[o + 1] = g;
      rows[o + 2] = b;
    }
  }
  // Pass 2: resample columns, scale to [0, 1].
  const out = new Float32Array(size * size * 3);
  for (let y = 0; y < size; y++) {
    const { first, weights } = vertical[y]!;
    const count = Math.min(weights.length, height - first);
    for (let x = 0; x < size; x++) {
      for (let c = 0; c < 3; c++) {
        let sum = 0;
        for (let t = 0; t < count; t++) sum += weights[t]! * rows[((first + t) * size + x) * 3 + c]!;
        out[(y * size + x) * 3 + c] = Math.min(1, Math.max(0, sum / 255));
      }
    }
  }
  return out;
}

export interface Taps {
  first: number;
  weights: Float64Array;
}

/** The normalised filter taps of each output pixel along one axis, for the source span [start, start+span). */
export function filterTaps(start: number, span: number, limit: number, outSize: number): Taps[] {
  const scale = span / outSize;
  const support = Math.max(scale, 1);
  const taps: Taps[] = [];
  for (let i = 0; i < outSize; i++) {
    const centre = sampleCentre(start, span, outSize, i);
    const first = Math.max(0, Math.floor(centre - support));
    const last = Math.min(limit - 1, Math.ceil(centre + support));
    const weights = new Float64Array(last - first + 1);
    let total = 0;
    for (let j = first; j <= last; j++) {
      const w = Math.max(0, 1 - Math.abs((j + 0.5 - centre) / support));
      weights[j - first] = w;
      total += w;
    }
    for (let j = 0; j < weights.length; j++) weights[j]! /= total;
    // Zero taps at either end add exact zeros; dropping them changes no output bit and, at scale 1, leaves one
    // tap of four (an upload already at the model's size is then only divided by 255).
    let lo = 0;
    let hi = weights.length;
    while (weights[lo] === 0) lo++;
    while (weights[hi - 1] === 0) hi--;
    taps.push({ first: first + lo, weights: weights.subarray(lo, hi) });
  }
  return taps;
}

/** HWC RGB images (each size*size*3) -> one NCHW batch [N, 3, size, size], the ONNX graphs' input layout. */
export function toNchw(images: ReadonlyArray<Float32Array>, size: number): Float32Array {
  const plane = size * size;
  const out = new Float32Array(images.length * 3 * plane);
  images.forEach((hwc, n) => {
    const base = n * 3 * plane;
    for (let p = 0; p < plane; p++) {
      out[base + p] = hwc[p * 3]!;
      out[base + plane + p] = hwc[p * 3 + 1]!;
      out[base + 2 * plane + p] = hwc[p * 3 + 2]!;
    }
  });
  return out;
}
