import { filterTaps, resample, type DecodedImage } from '../preprocess.ts';

/**
 * The face detector's pre-processing: the photo padded with black to a square (on the right or at the bottom,
 * as face-api pads) and resized to `size` x `size` with ftd's antialiased resampler, as HWC RGB floats in
 * [0, 1]. Plain TypeScript for the reason preprocess.ts gives: every runtime gets the same floats from the same
 * pixels. Input pixel i covers source pixels [i * side / size, (i + 1) * side / size), side = the longer edge,
 * so a box maps back by one scale.
 */
export function letterbox(image: DecodedImage, size: number): Float32Array {
  const side = Math.max(image.width, image.height);
  // Taps over the padded square; the resampler reads the ones past the photo's edge as the padding's 0.
  const taps = filterTaps(0, side, side, size);
  return resample(image, taps, taps, size);
}
