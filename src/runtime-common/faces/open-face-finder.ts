import { readManifest, readVerifiedGraph } from '../open-detector.ts';
import type { ModelSource, SessionFactory } from '../session.ts';
import type { FaceFinder } from './face-finder.ts';
import { SessionFaceFinder } from './session-face-finder.ts';

export interface FaceFinderOptions {
  /** Faces scoring at or below this are dropped; default model.json's face.scoreThreshold (face-api's 0.5). */
  readonly scoreThreshold?: number;
}

/** Reads model.json's `graphs.face`, verifies face.onnx's sha256, creates a session with role 'face'. */
export async function openFaceFinder(source: ModelSource, createSession: SessionFactory, options: FaceFinderOptions = {}): Promise<FaceFinder> {
  const manifest = await readManifest(source);
  const entry = manifest.graphs.face;
  if (!entry || !manifest.face) {
    throw new RangeError(`${source.location}/model.json has no face graph; export the model again with this ftd (without --no-faces) to get face.onnx`);
  }
  const scoreThreshold = options.scoreThreshold ?? manifest.face.scoreThreshold;
  if (!(scoreThreshold >= 0 && scoreThreshold < 1)) throw new RangeError(`face score threshold must be in [0, 1), found ${scoreThreshold}`);
  const session = await createSession(await readVerifiedGraph(source, entry), 'face');
  return new SessionFaceFinder(session, manifest.face.inputSize, scoreThreshold);
}
