import type { Rng } from '../util/rng.ts';
import type { FrameConditions } from './conditions.ts';
import { gaussianBlur } from './filters.ts';
import type { RgbImage } from './image.ts';

/**
 * What the camera adds to a rendered scene: optical blur, then sensor noise (mostly luminance, partly
 * per channel), clipped to [0, 1]. Blur grows with the square root of the size so that a 256 px frame
 * is sharper per face than a 64 px one but not a scaled-up copy of it.
 */
export function applyCamera(scene: RgbImage, conditions: FrameConditions, rng: Rng): RgbImage {
  const image = gaussianBlur(scene, conditions.blurSigma * Math.sqrt(scene.width / 64));
  const sigma = conditions.noiseSigma;
  const data = image.data;
  for (let i = 0; i < data.length; i += 3) {
    const shared = rng.normal() * 0.8;
    for (let c = 0; c < 3; c++) {
      const v = data[i + c]! + sigma * (shared + 0.6 * rng.normal());
      data[i + c] = v < 0 ? 0 : v > 1 ? 1 : v;
    }
  }
  return image;
}
