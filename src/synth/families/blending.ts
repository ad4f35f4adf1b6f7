import { Rng } from '../../util/rng.ts';
import type { FrameConditions } from '../conditions.ts';
import { gaussianBlur } from '../filters.ts';
import type { FaceGeometry } from '../geometry.ts';
import { blendInto, cloneImage, createImage, type PixelBox, type RgbImage } from '../image.ts';
import { maskBounds, softEllipseMask } from '../masks.ts';
import type { RealFrame } from '../real-frame.ts';

/**
 * How one fake's generated face was pasted back into its frame. Every FaceForensics++ method ends the same
 * way: a face region made by a generator or renderer is blended into the target frame through a soft mask.
 * That step leaves traces shared by all of them (a seam, a colour offset, and a region whose sharpness and
 * noise differ from the camera's), weaker than each method's own artefact and varying from fake to fake.
 */
export interface BlendStyle {
  /** Scales the inner-face ellipse the mask covers (landmark fits vary). */
  maskScale: number;
  /** Fraction of the ellipse's radius over which the mask falls from 1 to 0. */
  feather: number;
  /** The generator's softness beyond the camera's: Gaussian sigma in pixels at 64 px, added in quadrature. */
  blurSigma: number;
  /** Fraction of the frame's sensor noise the generator synthesises again (it never copies the real grain). */
  noiseFraction: number;
  /** Per-channel gain of the generated region (the colour transfer is never exact). */
  colourGain: [number, number, number];
}

export function drawBlendStyle(rng: Rng): BlendStyle {
  const offset = () => 1 + rng.range(-0.035, 0.035);
  return {
    maskScale: rng.range(0.9, 1.08),
    feather: rng.range(0.15, 0.55),
    blurSigma: rng.range(0, 0.6),
    noiseFraction: rng.range(0.15, 0.7),
    colourGain: [offset(), offset(), offset()],
  };
}

/** The inner face (brows to chin) as a soft ellipse: where every family's generated face is pasted. */
export function innerFaceMask(geometry: FaceGeometry, scale: number, feather: number): Float32Array {
  const top = Math.min(geometry.brows[0].y, geometry.brows[1].y) - 0.03;
  const chin = geometry.faceHeight * 0.92;
  return softEllipseMask(geometry, 0, (top + chin) / 2, geometry.faceWidth * 0.86 * scale, ((chin - top) / 2) * scale, feather);
}

/**
 * What the generator makes of a face before the camera (a render, or the target's scene): as soft as the
 * camera or softer, with re-synthesised grain weaker than the camera's, and a colour offset. It starts from
 * the scene, not from the camera's frame, because a generator redraws the face and never copies its grain.
 * Only `box` is worked on (the rest is the scene as given): pasting reads nothing outside the masks.
 */
export function generatorLook(scene: RgbImage, conditions: FrameConditions, style: BlendStyle, rng: Rng, box: PixelBox): RgbImage {
  const sigma = Math.hypot(conditions.blurSigma, style.blurSigma) * Math.sqrt(scene.width / 64);
  // Blurring a crop with a margin of the kernel's reach gives the whole image's blur inside the box.
  const reach = Math.max(1, Math.ceil(sigma * 3));
  const inner = clampBox(box, scene);
  const outer = clampBox({ x0: inner.x0 - reach, y0: inner.y0 - reach, x1: inner.x1 + reach, y1: inner.y1 + reach }, scene);
  const blurred = gaussianBlur(crop(scene, outer), sigma);
  const out = cloneImage(scene);
  const grain = conditions.noiseSigma * style.noiseFraction;
  for (let y = inner.y0; y < inner.y1; y++) {
    for (let x = inner.x0; x < inner.x1; x++) {
      const from = ((y - outer.y0) * blurred.width + (x - outer.x0)) * 3;
      const to = (y * scene.width + x) * 3;
      const shared = rng.normal() * 0.8;
      for (let c = 0; c < 3; c++) out.data[to + c] = (blurred.data[from + c]! + grain * (shared + 0.6 * rng.normal())) * style.colourGain[c]!;
    }
  }
  return out;
}

function clampBox(box: PixelBox, image: RgbImage): PixelBox {
  return { x0: Math.max(0, box.x0), y0: Math.max(0, box.y0), x1: Math.min(image.width, box.x1), y1: Math.min(image.height, box.y1) };
}

function crop(image: RgbImage, box: PixelBox): RgbImage {
  const out = createImage(box.x1 - box.x0, box.y1 - box.y0);
  for (let y = box.y0; y < box.y1; y++) {
    out.data.set(image.data.subarray((y * image.width + box.x0) * 3, (y * image.width + box.x1) * 3), (y - box.y0) * out.width * 3);
  }
  return out;
}

/** One fake's blending draw, seeded by the family and the frame so it is fixed whatever else is made. */
export function blendStyleOf(seed: number, family: string, real: RealFrame): { style: BlendStyle; rng: Rng } {
  const { identity, video, frame } = real.key;
  const rng = new Rng([seed, 'blend', family, identity, video, frame]);
  return { style: drawBlendStyle(rng), rng };
}

/** Where a fake may differ from its real frame: the inner-face mask, and the family's own region where it reaches further. */
export function pasteRegion(real: RealFrame, style: BlendStyle, own: Float32Array): Float32Array {
  const region = innerFaceMask(real.geometry, style.maskScale, style.feather);
  for (let p = 0; p < region.length; p++) region[p] = Math.max(region[p]!, own[p]!);
  return region;
}

/**
 * Pastes a family's generated face into the real frame through `region` (from `pasteRegion`): inside the
 * family's own region its content, elsewhere the generator's look of the real frame (`base`).
 */
export function pasteFace(real: RealFrame, base: RgbImage, content: RgbImage, own: Float32Array, region: Float32Array): RgbImage {
  return blendInto(real.image, blendInto(base, content, own), region);
}
