import { resizeToSquare, type DecodedImage, type FitMode } from '../../runtime-common/preprocess.ts';

export type { DecodedImage, FitMode };

/**
 * The training-time rule that turns a decoded image into the model's input, which every runtime must
 * reproduce for its scores to mean what they meant in training:
 *
 * 1. Decode to 8-bit sRGB (EXIF orientation applied, alpha dropped, greyscale copied to R, G and B).
 * 2. `fill` (the default) stretches the whole image to size x size; `cover` first crops the centred square
 *    of side min(width, height), at a possibly half-pixel offset.
 * 3. Resample with a separable triangle filter over pixel centres ((i + 0.5) * scale), whose support widens
 *    to the scale when shrinking (antialiased, like PIL's BILINEAR); taps are clamped to the image and
 *    renormalised; an image already size x size passes through exactly.
 * 4. Divide by 255: HWC RGB float32 in [0, 1], no mean/std normalisation.
 *
 * Steps 2-4 are `resizeToSquare` in runtime-common, which the runtimes call, so training and deployment
 * share one implementation instead of two that agree. An image already size x size skips the resampler
 * (whose taps are then exactly one pixel wide), because the synthetic data is stored at the model's size
 * and decoding it should cost no main-thread filtering.
 */
export function fitRule(image: DecodedImage, size: number, fit: FitMode = 'fill'): Float32Array {
  if (image.width !== size || image.height !== size) return resizeToSquare(image, size, fit);
  const { data, channels } = image;
  const out = new Float32Array(size * size * 3);
  for (let p = 0, q = 0; q < out.length; p += channels, q += 3) {
    out[q] = data[p]! / 255;
    out[q + 1] = data[p + 1]! / 255;
    out[q + 2] = data[p + 2]! / 255;
  }
  return out;
}
