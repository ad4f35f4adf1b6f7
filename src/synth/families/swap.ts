import { Rng } from '../../util/rng.ts';
import { gaussianBlur } from '../filters.ts';
import { drawIdentity } from '../identity.ts';
import type { RgbImage } from '../image.ts';
import { maskBounds } from '../masks.ts';
import type { RealFrame } from '../real-frame.ts';
import { renderPortrait } from '../render-portrait.ts';
import { downsampleArea, resizeBilinear } from '../resize.ts';
import { blendStyleOf, generatorLook, innerFaceMask, pasteFace } from './blending.ts';
import type { ForgeryFamily } from './family.ts';

/** The autoencoder's working resolution is a quarter of the frame's, as 64 px faces in 256 px crops are. */
const bottleneckFactor = 4;
/**
 * The share of the detail above the bottleneck's resolution the decoder still puts back. At 0 swap would be
 * the extreme of the softness every family's generator leaves, so a detector of any family that lowers detail
 * (reenact's texture map) would score swap higher than its own family; measured on the CNN, 0.6 keeps swap's
 * own artefact plain while a reenact detector scores it about 0.8.
 */
const detailKept = 0.6;

/**
 * Face swap in the manner of the DeepFakes autoencoder: another person's face, in the target's pose,
 * expression and light, decoded at a quarter of the resolution, colour-matched to the target and blended
 * in over the inner face. Artefact: the inner face has lost much of its detail above the bottleneck's
 * resolution, beyond the softness every family's generator leaves; mean colour matches up to the blending
 * step's offset.
 */
export const swap: ForgeryFamily = {
  name: 'swap',
  forge(real: RealFrame, seed: number) {
    const { key, geometry, conditions } = real;
    const { style, rng } = blendStyleOf(seed, 'swap', real);
    // One source person per target video, as FaceForensics++ pairs videos.
    const donor = drawIdentity(new Rng([seed, 'swap source', key.identity, key.video]));
    const own = innerFaceMask(geometry, style.maskScale, style.feather);
    // The margin covers the pre-blur and the bottleneck's cells, which read pixels beyond the region.
    const box = maskBounds(own, geometry.size, 4 * bottleneckFactor);
    const decoded = decode(renderPortrait(donor, conditions, geometry.size, 'photo', box).image);
    matchMeanColour(decoded, real.image, own);
    // The swapped face fills the whole blending mask, so no base is seen around it.
    const look = generatorLook(decoded, conditions, style, rng, maskBounds(own, geometry.size, 0));
    return { image: pasteFace(real, real.image, look, own, own), region: own, ownRegion: own };
  },
};

function decode(face: RgbImage): RgbImage {
  const small = downsampleArea(gaussianBlur(face, bottleneckFactor * 0.3), bottleneckFactor);
  const coarse = resizeBilinear(small, face.width, face.height);
  const d = coarse.data;
  for (let i = 0; i < d.length; i++) d[i] = d[i]! + detailKept * (face.data[i]! - d[i]!);
  return coarse;
}

/** Shifts `image`'s mean colour under `weights` to `reference`'s (the colour transfer swap tools apply). */
function matchMeanColour(image: RgbImage, reference: RgbImage, weights: Float32Array): void {
  const shift = [0, 0, 0];
  let total = 0;
  for (let p = 0; p < weights.length; p++) {
    const w = weights[p]!;
    if (w === 0) continue;
    total += w;
    for (let c = 0; c < 3; c++) shift[c]! += w * (reference.data[p * 3 + c]! - image.data[p * 3 + c]!);
  }
  if (total === 0) return;
  for (let i = 0; i < image.data.length; i++) image.data[i]! += shift[i % 3]! / total;
}
