import { Rng } from '../../util/rng.ts';
import type { RgbImage } from '../image.ts';
import type { RealFrame } from '../real-frame.ts';
import { downsampleArea, upsampleNearest } from '../resize.ts';
import { maskBounds, softEllipseMask } from '../masks.ts';
import { blendStyleOf, generatorLook, pasteFace, pasteRegion } from './blending.ts';
import type { ForgeryFamily } from './family.ts';

/**
 * Neural-texture re-rendering in the manner of NeuralTextures: the mouth area is re-rendered by a network
 * that works at half resolution and upsamples with a stride-2 transposed convolution, whose uneven overlap
 * stamps a fixed 2x2 pattern on every output block. The renderer redraws the whole inner face (so the
 * blending step's traces are there), but only the mouth, which it re-animates, goes through the upsampler.
 * Artefact: a checkerboard at the sampling frequency and 2 px blockiness around the mouth; mean colour kept.
 */
export const texture: ForgeryFamily = {
  name: 'texture',
  forge(real: RealFrame, seed: number) {
    const { key, geometry, conditions } = real;
    const blending = blendStyleOf(seed, 'texture', real);
    // The pattern is a property of the trained renderer, so it is fixed per video, not per frame.
    const rng = new Rng([seed, 'texture', key.identity, key.video]);
    const { mouth } = geometry;
    const own = softEllipseMask(geometry, mouth.x, mouth.y, mouth.width * 1.7, mouth.open + mouth.lip * 2 + 0.06, 0.4);
    const region = pasteRegion(real, blending.style, own);
    const base = generatorLook(real.scene, conditions, blending.style, blending.rng, maskBounds(region, geometry.size, 0));
    const rendered = stampPattern(upsampleNearest(downsampleArea(base, 2), 2), checkerboard(rng));
    return { image: pasteFace(real, base, rendered, own, region), region, ownRegion: own };
  },
};

/** A zero-mean 2x2 gain pattern: a checkerboard of amplitude 10 to 16 percent plus a weaker column stripe. */
function checkerboard(rng: Rng): [number, number, number, number] {
  const amplitude = rng.range(0.1, 0.16);
  const skew = rng.range(-0.3, 0.3);
  return [amplitude * (1 + skew), -amplitude * (1 + skew), -amplitude * (1 - skew), amplitude * (1 - skew)];
}

/** Multiplies each pixel by 1 + the pattern entry its position within its 2x2 block selects. */
function stampPattern(image: RgbImage, pattern: [number, number, number, number]): RgbImage {
  const d = image.data;
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      const gain = 1 + pattern[(y % 2) * 2 + (x % 2)]!;
      const i = (y * image.width + x) * 3;
      d[i] = d[i]! * gain;
      d[i + 1] = d[i + 1]! * gain;
      d[i + 2] = d[i + 2]! * gain;
    }
  }
  return image;
}
