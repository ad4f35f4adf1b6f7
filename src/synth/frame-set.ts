import { families, type FamilyName } from './families/index.ts';
import { toUint8 } from './image.ts';
import { renderRealFrame, type FrameKey } from './real-frame.ts';

/** One real frame and its fakes, as 8-bit RGB pixels ready for every codec. */
export interface FrameSet {
  key: FrameKey;
  pixels: Map<'real' | FamilyName, Uint8Array>;
}

/** Renders a real frame and each requested family's fake of it (paired, as in FaceForensics++). */
export function renderFrameSet(seed: number, key: FrameKey, size: number, familyNames: readonly FamilyName[]): FrameSet {
  const real = renderRealFrame(seed, key, size);
  const pixels = new Map<'real' | FamilyName, Uint8Array>([['real', toUint8(real.image)]]);
  for (const name of familyNames) pixels.set(name, toUint8(families[name].forge(real, seed).image));
  return { key, pixels };
}
