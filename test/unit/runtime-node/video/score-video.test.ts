import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Detector } from '../../../../src/runtime-common/detector.ts';
import type { DetectedFace, FaceFinder } from '../../../../src/runtime-common/faces/face-finder.ts';
import type { DecodedImage } from '../../../../src/runtime-common/preprocess.ts';
import { openNodeDetector } from '../../../../src/runtime-node/open-node-detector.ts';
import { scoreVideo } from '../../../../src/runtime-node/video/score-video.ts';
import { modelTiny } from '../../../runtime/model-tiny.ts';
import { ffmpegMissing, makeVideo } from './ffmpeg-available.ts';

/**
 * Finds white squares on black: the bounding box of the bright pixels in the left and in the right half. A
 * real (if simple) finder, so the frames ffmpeg decoded decide where the faces are.
 */
const whiteSquares: FaceFinder = {
  detect: async (image: DecodedImage) => {
    const faces: DetectedFace[] = [];
    for (const [from, to] of [[0, image.width / 2], [image.width / 2, image.width]]) {
      let [left, top, right, bottom] = [Infinity, Infinity, -1, -1];
      for (let y = 0; y < image.height; y++) {
        for (let x = from; x < to; x++) {
          if (image.data[(y * image.width + x) * image.channels]! < 128) continue;
          [left, top, right, bottom] = [Math.min(left, x), Math.min(top, y), Math.max(right, x), Math.max(bottom, y)];
        }
      }
      if (right >= 0) faces.push({ box: { x: left, y: top, width: right + 1 - left, height: bottom + 1 - top }, score: 1 });
    }
    return faces;
  },
  release: async () => {},
};

const missing = ffmpegMissing();
if (missing) console.warn(`scoreVideo tests skipped: ${missing}`);

describe.skipIf(missing !== undefined)('scoreVideo (ffmpeg, model-tiny)', () => {
  let folder: string;
  let video: string;
  let detector: Detector;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'ftd-score-video-'));
    video = join(folder, 'squares.mp4');
    // Two seconds at 10 frames a second: a 30 px square sliding right from x 10 to x 50, another standing at x 115.
    makeVideo([
      '-f', 'lavfi', '-i', 'color=black:s=160x120:r=10:d=2', '-f', 'lavfi', '-i', 'color=white:s=30x30:r=10:d=2',
      '-filter_complex', '[1]split[a][b];[0][a]overlay=x=10+20*t:y=40[one];[one][b]overlay=x=115:y=50',
      '-c:v', 'libx264', '-pix_fmt', 'yuv444p', video,
    ]);
    detector = (await openNodeDetector(modelTiny, { ep: 'cpu' })).detector;
  });

  afterAll(async () => {
    await detector.release();
    await rm(folder, { recursive: true, force: true });
  });

  it('follows each square as one track over every sampled frame and scores it by its mean probability', async () => {
    const progress: number[] = [];
    const result = await scoreVideo(video, whiteSquares, detector, { frames: 5, maxPixels: 1e6, onFrame: (done) => progress.push(done) });
    expect(progress).toEqual([1, 2, 3, 4, 5]);
    expect([result.width, result.height, result.seconds, result.framesWithoutFace]).toEqual([160, 120, 2, 0]);
    expect(result.frameSeconds.map((s) => Number(s.toFixed(6)))).toEqual([0.2, 0.6, 1, 1.4, 1.8]);
    expect(result.tracks).toHaveLength(2);
    const sliding = result.tracks.find((track) => track.frames[0]!.box.x < 80)!;
    const standing = result.tracks.find((track) => track.frames[0]!.box.x >= 80)!;
    expect(sliding.frames.map((f) => f.frame)).toEqual([0, 1, 2, 3, 4]);
    expect(standing.frames.map((f) => f.frame)).toEqual([0, 1, 2, 3, 4]);
    // The square is drawn at whole pixels from x = 10 + 20 t; lossy encoding may blur its edges by a pixel or two.
    sliding.frames.forEach((f, i) => expect(Math.abs(f.box.x - Math.floor(10 + 20 * result.frameSeconds[i]!))).toBeLessThanOrEqual(2));
    standing.frames.forEach((f) => [f.box.x - 115, f.box.y - 50, f.box.width - 30, f.box.height - 30].forEach((d) => expect(Math.abs(d)).toBeLessThanOrEqual(2)));
    for (const track of result.tracks) expect(track.prob).toBeCloseTo(track.frames.reduce((sum, f) => sum + f.prob, 0) / 5, 6);
    expect(result.tracks[0]!.prob).toBeGreaterThanOrEqual(result.tracks[1]!.prob);
  });

  it('refuses a video over the pixel limit before decoding, and a corrupt one naming the file', async () => {
    await expect(scoreVideo(video, whiteSquares, detector, { frames: 5, maxPixels: 160 * 120 * 4 })).rejects.toThrow(/squares\.mp4: 5 frames of 160 x 120 are 96000 pixels, over the limit of 76800/);
    const corrupt = join(folder, 'corrupt.mp4');
    await writeFile(corrupt, Buffer.alloc(2048, 7));
    await expect(scoreVideo(corrupt, whiteSquares, detector, { frames: 5, maxPixels: 1e6 })).rejects.toThrow(/corrupt\.mp4 cannot be read as a video/);
  });
});
