import { openFaceFinder } from '../../../runtime-common/faces/open-face-finder.ts';
import { scoreFaces } from '../../../runtime-common/faces/score-faces.ts';
import { openDetector } from '../../../runtime-common/open-detector.ts';
import type { DecodedImage } from '../../../runtime-common/preprocess.ts';
import type { SessionFactory } from '../../../runtime-common/session.ts';
import { fileModelSource } from '../../file-model-source.ts';
import { decodeImage } from '../../infer/decode-image.ts';
import { summarise, type Timing } from '../timing.ts';

export interface MeasureFacesOptions {
  readonly model: string;
  /** Photo files; each pass runs them all. */
  readonly photos: readonly string[];
  /** Untimed passes first. */
  readonly warmup: number;
  /** Timed passes. */
  readonly runs: number;
}

export interface FacesMeasurement {
  /** The EP(s) that ran. */
  readonly ep: string;
  readonly photos: number;
  /** Faces found in one pass over the photos. */
  readonly faces: number;
  /** One pass over every photo: detect + crop + score. */
  readonly pass: Timing;
  /** One pass of the face detector alone over every photo. */
  readonly detectPass: Timing;
  readonly facesPerSecond: number;
  readonly photosPerSecond: number;
}

/**
 * Times whole photos as `ftd infer` scores them: the face detector, the crop rule and the forgery detector
 * (runtime-common's scoreFaces, all faces of a photo in one batch). The photos are decoded once, before
 * timing: decoding is the same sharp call on every runtime, and is not what this compares.
 */
export async function measureFaces(createSession: SessionFactory, options: MeasureFacesOptions): Promise<FacesMeasurement> {
  const source = fileModelSource(options.model);
  const detector = await openDetector(source, createSession);
  try {
    const finder = await openFaceFinder(source, createSession);
    try {
      const images: DecodedImage[] = [];
      for (const photo of options.photos) images.push(await decodeImage(photo));
      let faces = 0;
      const whole = async () => {
        faces = 0;
        for (const image of images) faces += (await scoreFaces(finder, detector, detector.manifest, image)).length;
      };
      const detectOnly = async () => {
        for (const image of images) await finder.detect(image);
      };
      // The two passes alternate, so a change in the machine's load falls on both alike.
      for (let i = 0; i < options.warmup; i++) await whole();
      const samples: { whole: number[]; detect: number[] } = { whole: [], detect: [] };
      for (let i = 0; i < options.runs; i++) {
        samples.whole.push(await elapsedMs(whole));
        samples.detect.push(await elapsedMs(detectOnly));
      }
      const pass = summarise(samples.whole);
      const detectPass = summarise(samples.detect);
      return { ep: detector.ep, photos: images.length, faces, pass, detectPass, facesPerSecond: (1000 * faces) / pass.medianMs, photosPerSecond: (1000 * images.length) / pass.medianMs };
    } finally {
      await finder.release();
    }
  } finally {
    await detector.release();
  }
}

async function elapsedMs(run: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}
