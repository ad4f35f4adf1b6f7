import { Rng } from '../../util/rng.ts';
import { blendInto, type RgbImage } from '../image.ts';
import { softEllipseMask } from '../masks.ts';
import type { RealFrame } from '../real-frame.ts';
import { downsampleArea, upsampleNearest } from '../resize.ts';
import type { ForgeryFamily } from './family.ts';

/**
 * Neural-texture re-rendering in the manner of NeuralTextures: the mouth area is re-rendered by a network
 * that works at half resolution and upsamples with a stride-2 transposed convolution, whose uneven overlap
 * stamps a fixed 2x2 pattern on every output block. Artefact: a checkerboard at the sampling frequency and
 * 2 px blockiness around the mouth only; mean colour kept.
 */
export const texture: ForgeryFamily = {
  name: 'texture',
  forge(real: RealFrame, seed: number) {
    const { key, geometry } = real;
    // The pattern is a property of the trained renderer, so it is fixed per video, not per frame.
    const rng = new Rng([seed, 'texture', key.identity, key.video]);
    const { mouth } = geometry;
    const region = softEllipseMask(geometry, mouth.x, mouth.y, mouth.width * 1.7, mouth.open + mouth.lip * 2 + 0.06, 0.4);
    const rendered = stampPattern(upsampleNearest(downsampleArea(real.image, 2), 2), checkerboard(rng));
    return { image: blendInto(real.image, rendered, region), region };
  },
};

/** A zero-mean 2x2 gain pattern: a checkerboard of amplitude 12 to 18 percent plus a weaker column stripe. */
function checkerboard(rng: Rng): [number, number, number, number] {
  const amplitude = rng.range(0.12, 0.18);
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
