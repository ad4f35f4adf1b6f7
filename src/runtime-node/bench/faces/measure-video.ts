import type { FaceFinder } from '../../../runtime-common/faces/face-finder.ts';
import { openFaceFinder } from '../../../runtime-common/faces/open-face-finder.ts';
import { scoreFaces } from '../../../runtime-common/faces/score-faces.ts';
import { openDetector } from '../../../runtime-common/open-detector.ts';
import type { SessionFactory } from '../../../runtime-common/session.ts';
import { fileModelSource } from '../../file-model-source.ts';
import { probeVideo } from '../../video/probe-video.ts';
import { sampleFrames } from '../../video/sample-frames.ts';

export interface VideoMeasurement {
  readonly ep: string;
  readonly video: { readonly width: number; readonly height: number; readonly seconds: number };
  readonly frames: number;
  readonly faces: number;
  /** ffmpeg's seeks and decodes of the sampled frames. */
  readonly decodeSeconds: number;
  /** Detect + crop + score over the sampled frames. */
  readonly faceSeconds: number;
  /** Decoding and scoring, per sampled frame. */
  readonly secondsPerFrame: number;
}

/**
 * Times a video as `ftd infer` scores one: `frames` frames sampled evenly, each decoded by ffmpeg (a seek from
 * the keyframe before it) and its faces scored. Decoding and scoring are timed apart. `ftd infer` samples the
 * same number of frames from a video of any length; the time per frame gives the cost of denser sampling.
 */
export async function measureVideo(createSession: SessionFactory, options: { model: string; video: string; frames: number }): Promise<VideoMeasurement> {
  const source = fileModelSource(options.model);
  const detector = await openDetector(source, createSession);
  let opened: FaceFinder | undefined;
  try {
    const finder = (opened = await openFaceFinder(source, createSession));
    const info = await probeVideo(options.video);
    // One untimed frame first: the first session runs pay for memory arenas and kernel set-up.
    for await (const frame of sampleFrames(options.video, info, 1)) await scoreFaces(finder, detector, detector.manifest, frame.image);
    let decodeSeconds = 0;
    let faceSeconds = 0;
    let faces = 0;
    let mark = performance.now();
    for await (const frame of sampleFrames(options.video, info, options.frames)) {
      const decoded = performance.now();
      decodeSeconds += (decoded - mark) / 1000;
      faces += (await scoreFaces(finder, detector, detector.manifest, frame.image)).length;
      mark = performance.now();
      faceSeconds += (mark - decoded) / 1000;
    }
    const video = { width: info.width, height: info.height, seconds: info.seconds };
    return { ep: detector.ep, video, frames: options.frames, faces, decodeSeconds, faceSeconds, secondsPerFrame: (decodeSeconds + faceSeconds) / options.frames };
  } finally {
    await opened?.release();
    await detector.release();
  }
}
