import type { FaceFinder } from '../runtime-common/faces/face-finder.ts';
import { openFaceFinder } from '../runtime-common/faces/open-face-finder.ts';
import { scoreFaces, type ScoredFace } from '../runtime-common/faces/score-faces.ts';
import type { ModelManifest } from '../runtime-common/model-manifest.ts';
import { openWebDetector, type WebDetectorOptions } from './create-detector.ts';
import { readPixels, type PixelSource } from './read-pixels.ts';

export interface WebFaceScorer {
  readonly manifest: ModelManifest;
  readonly ep: string;
  readonly threads: number;
  /** Every face of a photo or video frame, found, cropped by the shared rule and scored; [] when there is none. */
  score(image: PixelSource): Promise<ScoredFace[]>;
  release(): Promise<void>;
}

/**
 * Whole photos in a browser: the model's face detector (face.onnx) and the forgery detector on onnxruntime-web,
 * joined by runtime-common's scoreFaces, so a photo gets the faces and scores that `ftd infer` gives it.
 */
export async function createFaceScorer(baseUrl: string | URL, options: WebDetectorOptions): Promise<WebFaceScorer> {
  const { detector, source, threads, factory } = await openWebDetector(baseUrl, options);
  let finder: FaceFinder;
  try {
    if (!detector.manifest.graphs.face) throw new RangeError(`${source.location}/model.json has no face graph; export the model again with ftd export, which writes face.onnx`);
    finder = await openFaceFinder(source, factory);
  } catch (error) {
    await detector.release();
    throw error;
  }
  return {
    manifest: detector.manifest,
    ep: detector.ep,
    threads,
    score: (image) => scoreFaces(finder, detector, detector.manifest, readPixels(image)),
    release: async () => {
      await finder.release();
      await detector.release();
    },
  };
}
