import { Rng } from '../../util/rng.ts';
import { faceHalfWidthAt, type FaceGeometry } from '../geometry.ts';
import { drawIdentity, lerpRgb } from '../identity.ts';
import type { RgbImage } from '../image.ts';
import { hardPolygonMask, maskBounds } from '../masks.ts';
import type { RealFrame } from '../real-frame.ts';
import { renderPortrait } from '../render-portrait.ts';
import { blendStyleOf, generatorLook, pasteFace, pasteRegion } from './blending.ts';
import type { ForgeryFamily } from './family.ts';

/**
 * Graphics-based face swap in the manner of FaceSwap: another person's face fitted as a 3-D model, rendered
 * with flat banded shading and its own skin colour, and pasted inside the landmarks' convex hull with no
 * feathering, then the whole inner face goes through the blending step every family shares. Artefact: a
 * hard, stair-stepped, colour-mismatched seam along the hull and banded low-frequency shading inside it.
 */
export const graphic: ForgeryFamily = {
  name: 'graphic',
  forge(real: RealFrame, seed: number) {
    const { key, geometry, conditions } = real;
    const source = drawIdentity(new Rng([seed, 'graphic source', key.identity, key.video]));
    // Swappers pick a source of similar complexion; the mismatch left is the render's, not the person's.
    const donor = { ...source, skin: lerpRgb(real.identity.skin, source.skin, 0.5) };
    const rng = new Rng([seed, 'graphic', key.identity, key.video, key.frame]);
    const blending = blendStyleOf(seed, 'graphic', real);
    const own = hardPolygonMask(geometry, landmarkHull(geometry));
    // The margin covers the generator's blur, which reads pixels beyond the region.
    const rendered = renderPortrait(donor, conditions, geometry.size, 'graphic', maskBounds(own, geometry.size, 6)).image;
    const exposure = 1 + rng.pick([-1, 1]) * rng.range(0.1, 0.2);
    castColour(rendered, [exposure * rng.range(0.95, 1.05), exposure * rng.range(0.95, 1.05), exposure * rng.range(0.95, 1.05)]);
    const region = pasteRegion(real, blending.style, own);
    const box = maskBounds(region, geometry.size, 0);
    const base = generatorLook(real.scene, conditions, blending.style, blending.rng, box);
    const look = generatorLook(rendered, conditions, blending.style, blending.rng, box);
    return { image: pasteFace(real, base, look, own, region), region, ownRegion: own };
  },
};

/** The convex hull a landmark fitter would give: brows' outer ends, cheeks, jaw and chin. */
export function landmarkHull(geometry: FaceGeometry): Array<[number, number]> {
  const [left, right] = geometry.brows;
  const browTop = Math.min(left.y, right.y) - 0.035;
  const browReach = Math.max(Math.abs(left.x), Math.abs(right.x)) + left.halfLength * 0.8;
  const eyeY = geometry.eyes[0].y;
  const fh = geometry.faceHeight;
  const at = (fy: number, inset: number) => faceHalfWidthAt(geometry, fy) * inset;
  const half: Array<[number, number]> = [
    [browReach * 0.35, browTop - 0.01],
    [browReach, browTop + 0.01],
    [at(eyeY + 0.04, 0.92), eyeY + 0.04],
    [at(fh * 0.45, 0.9), fh * 0.45],
    [at(fh * 0.75, 0.85), fh * 0.75],
  ];
  const chin: [number, number] = [0, fh * 0.93];
  return [...half, chin, ...half.map(([x, y]) => [-x, y] as [number, number]).reverse()];
}

/**
 * The render's exposure and white balance disagree with the frame's: per-channel gains. Saturation is left as
 * the render made it: with 35 % more saturation the texture-trained detector scored graphic fakes as more real
 * than reals (frame AUC 0.39-0.41; 0.55 without), a cue no real pair of methods shares.
 */
function castColour(image: RgbImage, gain: [number, number, number]): void {
  const d = image.data;
  for (let i = 0; i < d.length; i += 3) {
    for (let c = 0; c < 3; c++) d[i + c] = d[i + c]! * gain[c]!;
  }
}
