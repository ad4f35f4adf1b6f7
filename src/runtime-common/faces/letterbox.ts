import { filterTaps, type DecodedImage } from '../preprocess.ts';

/**
 * The face detector's pre-processing: the photo padded with black to a square (on the right or at the bottom,
 * as face-api pads) and resized to `size` x `size` with ftd's antialiased resampler (the taps of
 * preprocess.ts), as HWC RGB floats in [0, 1]. Plain TypeScript for the reason preprocess.ts gives: every
 * runtime gets the same floats from the same pixels. Input pixel i covers source pixels
 * [i * side / size, (i + 1) * side / size), side = the longer edge, so a box maps back by one scale.
 */
export function letterbox(image: DecodedImage, size: number): Float32Array {
  const { width, height, channels, data } = image;
  const side = Math.max(width, height);
  // Taps over the padded square; the ones past the photo's edge read the padding, which is 0.
  const horizontal = filterTaps(0, side, side, size);
  const vertical = filterTaps(0, side, side, size);

  const rows = new Float64Array(height * size * 3);
  for (let y = 0; y < height; y++) {
    const rowStart = y * width * channels;
    for (let x = 0; x < size; x++) {
      const { first, weights } = horizontal[x]!;
      const taps = Math.min(weights.length, width - first);
      let r = 0;
      let g = 0;
      let b = 0;
      for (let t = 0; t < taps; t++) {
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
  const out = new Float32Array(size * size * 3);
  for (let y = 0; y < size; y++) {
    const { first, weights } = vertical[y]!;
    const taps = Math.min(weights.length, height - first);
    for (let x = 0; x < size; x++) {
      for (let c = 0; c < 3; c++) {
        let sum = 0;
        for (let t = 0; t < taps; t++) sum += weights[t]! * rows[((first + t) * size + x) * 3 + c]!;
        out[(y * size + x) * 3 + c] = Math.min(1, Math.max(0, sum / 255));
      }
    }
  }
  return out;
}
