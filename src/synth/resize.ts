import { createImage, type RgbImage } from './image.ts';

/** Area-average downsampling by an integer factor (the image side must be a multiple of it). */
export function downsampleArea(image: RgbImage, factor: number): RgbImage {
  const width = Math.floor(image.width / factor);
  const height = Math.floor(image.height / factor);
  const out = createImage(width, height);
  const norm = 1 / (factor * factor);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < 3; c++) {
        let sum = 0;
        for (let dy = 0; dy < factor; dy++) {
          for (let dx = 0; dx < factor; dx++) sum += image.data[((y * factor + dy) * image.width + x * factor + dx) * 3 + c]!;
        }
        out.data[(y * width + x) * 3 + c] = sum * norm;
      }
    }
  }
  return out;
}

/** Bilinear resize with pixel-centre alignment (the convention of most deep-learning resizers). */
export function resizeBilinear(image: RgbImage, width: number, height: number): RgbImage {
  const out = createImage(width, height);
  const sx = image.width / width;
  const sy = image.height / height;
  for (let y = 0; y < height; y++) {
    const fy = Math.min(Math.max((y + 0.5) * sy - 0.5, 0), image.height - 1);
    const y0 = Math.floor(fy);
    const y1 = Math.min(y0 + 1, image.height - 1);
    const ty = fy - y0;
    for (let x = 0; x < width; x++) {
      const fx = Math.min(Math.max((x + 0.5) * sx - 0.5, 0), image.width - 1);
      const x0 = Math.floor(fx);
      const x1 = Math.min(x0 + 1, image.width - 1);
      const tx = fx - x0;
      for (let c = 0; c < 3; c++) {
        const top = image.data[(y0 * image.width + x0) * 3 + c]! * (1 - tx) + image.data[(y0 * image.width + x1) * 3 + c]! * tx;
        const bottom = image.data[(y1 * image.width + x0) * 3 + c]! * (1 - tx) + image.data[(y1 * image.width + x1) * 3 + c]! * tx;
        out.data[(y * width + x) * 3 + c] = top * (1 - ty) + bottom * ty;
      }
    }
  }
  return out;
}

/** Nearest-neighbour upsampling by an integer factor: each source pixel becomes a factor x factor block. */
export function upsampleNearest(image: RgbImage, factor: number): RgbImage {
  const out = createImage(image.width * factor, image.height * factor);
  for (let y = 0; y < out.height; y++) {
    for (let x = 0; x < out.width; x++) {
      const source = (Math.floor(y / factor) * image.width + Math.floor(x / factor)) * 3;
      const target = (y * out.width + x) * 3;
      out.data[target] = image.data[source]!;
      out.data[target + 1] = image.data[source + 1]!;
      out.data[target + 2] = image.data[source + 2]!;
    }
  }
  return out;
}
