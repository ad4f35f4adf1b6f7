import type { RgbImage } from '../image.ts';
import type { RealFrame } from '../real-frame.ts';

export const familyNames = ['swap', 'reenact', 'graphic', 'texture'] as const;
export type FamilyName = (typeof familyNames)[number];

export interface Forgery {
  image: RgbImage;
  /**
   * Where the fake may differ from the real frame (0 = untouched, bit-identical to the real frame; values
   * in between are soft blend weights): the blending mask every family pastes through. Tests and previews
   * read it; detectors never see it.
   */
  region: Float32Array;
  /** Where the family's own artefact is, inside `region` (the rest of `region` carries only the shared blending traces). */
  ownRegion: Float32Array;
}

/**
 * One manipulation family: makes the fake of a real frame. `seed` is the dataset seed; a family draws its
 * own randomness from it and the frame's key, so each fake is fixed whatever else is generated.
 */
export interface ForgeryFamily {
  readonly name: FamilyName;
  forge(real: RealFrame, seed: number): Forgery;
}
