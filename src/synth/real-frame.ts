import { Rng } from '../util/rng.ts';
import { applyCamera } from './camera.ts';
import { drawFrameConditions, drawScene, type FrameConditions } from './conditions.ts';
import type { FaceGeometry } from './geometry.ts';
import { drawIdentity, type FaceIdentity } from './identity.ts';
import type { RgbImage } from './image.ts';
import { renderPortrait } from './render-portrait.ts';

/** One frame's position in the dataset: identity, video of that identity, frame of that video. */
export interface FrameKey {
  identity: number;
  video: number;
  frame: number;
}

export interface RealFrame {
  key: FrameKey;
  identity: FaceIdentity;
  conditions: FrameConditions;
  geometry: FaceGeometry;
  /** The frame as the camera delivered it (blurred, noisy, in [0, 1]). */
  image: RgbImage;
  /** The same frame before the camera (no blur, no noise): what a generator that re-renders the target starts from. */
  scene: RgbImage;
}

/**
 * Each stream is seeded by what it describes, never by the order frames are made in, so a frame is the
 * same whether the dataset has 3 identities or 3000 and whatever order the work is scheduled in.
 */
export function identityOf(seed: number, identity: number): FaceIdentity {
  return drawIdentity(new Rng([seed, 'identity', identity]));
}

export function frameConditionsOf(seed: number, key: FrameKey): FrameConditions {
  const scene = drawScene(new Rng([seed, 'scene', key.identity, key.video]));
  return drawFrameConditions(scene, new Rng([seed, 'frame', key.identity, key.video, key.frame]));
}

export function renderRealFrame(seed: number, key: FrameKey, size: number): RealFrame {
  const identity = identityOf(seed, key.identity);
  const conditions = frameConditionsOf(seed, key);
  const { image: scene, geometry } = renderPortrait(identity, conditions, size);
  const image = applyCamera(scene, conditions, new Rng([seed, 'camera', key.identity, key.video, key.frame]));
  return { key, identity, conditions, geometry, image, scene };
}
