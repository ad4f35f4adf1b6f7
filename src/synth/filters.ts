import { createImage, type RgbImage } from './image.ts';

/** Separable Gaussian blur with clamped edges; sigma in pixels (below 0.05 it returns a copy). */
export function gaussianBlur(image: RgbImage, sigma: number): RgbImage {
  if (sigma < 0.05) return { ...image, data: image.data.slice() };
  const radius = Math.max(1, Math.ceil(sigma * 3));
  const kernel = new Float32Array(radius * 2 + 1);
  let total = 0;
  for (let k = -radius; k <= radius; k++) {
    kernel[k + radius] = Math.exp((-k * k) / (2 * sigma * sigma));
    total += kernel[k + radius]!;
  }
  for (let k = 0; k < kernel.length; k++) kernel[k]! /= total;
  return convolveAxis(convolveAxis(image, kernel, radius, true), kernel, radius, false);
}

/** One pass of a separable filter along x (`horizontal`) or y, clamping at the edges. */
function convolveAxis(image: RgbImage, kernel: Float32Array, radius: number, horizontal: boolean): RgbImage {
  const { width, height, data } = image;
  const out = createImage(width, height);
  const limit = horizontal ? width : height;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const along = horizontal ? x : y;
      let r = 0;
      let g = 0;
      let b = 0;
      for (let k = -radius; k <= radius; k++) {
        const at = along + k < 0 ? 0 : along + k >= limit ? limit - 1 : along + k;
        const w = kernel[k + radius]!;
        const i = (horizontal ? y * width + at : at * width + x) * 3;
        r += w * data[i]!;
        g += w * data[i + 1]!;
        b += w * data[i + 2]!;
      }
      const o = (y * width + x) * 3;
      out.data[o] = r;
      out.data[o + 1] = g;
      out.data[o + 2] = b;
    }
  }
  return out;
}

/** Samples the image at a fractional position with bilinear interpolation, clamping at the borders. */
export function sampleBilinear(image: RgbImage, x: number, y: number, out: Float32Array): void {
  const { width, height, data } = image;
  const cx = Math.min(Math.max(x, 0), width - 1);
  const cy = Math.min(Math.max(y, 0), height - 1);
  const x0 = Math.floor(cx);
  const y0 = Math.floor(cy);
  const x1 = Math.min(x0 + 1, width - 1);
  const y1 = Math.min(y0 + 1, height - 1);
  const tx = cx - x0;
  const ty = cy - y0;
  for (let c = 0; c < 3; c++) {
    const top = data[(y0 * width + x0) * 3 + c]! * (1 - tx) + data[(y0 * width + x1) * 3 + c]! * tx;
    const bottom = data[(y1 * width + x0) * 3 + c]! * (1 - tx) + data[(y1 * width + x1) * 3 + c]! * tx;
    out[c] = top * (1 - ty) + bottom * ty;
  }
}
