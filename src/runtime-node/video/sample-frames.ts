import type { DecodedImage } from '../../runtime-common/preprocess.ts';
import type { VideoInfo } from './probe-video.ts';
import { runTool, toolReason } from './run-tool.ts';

export interface VideoFrame {
  /** Index among the sampled frames, 0-based. */
  readonly index: number;
  /** Where in the video it was taken. */
  readonly seconds: number;
  readonly image: DecodedImage;
}

/** Default: the most pixels a video's sampled frames may decode to together (64 frames of 1080p). */
export const defaultMaxVideoPixels = 64 * 1920 * 1080;

/** The times of `count` frames spread evenly over `seconds`: the middle of each of `count` equal spans. */
export function sampleTimes(seconds: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => ((i + 0.5) * seconds) / count);
}

/**
 * Refuses, before anything is decoded, a video whose sampled frames would hold more than `maxPixels` pixels
 * together: the frames are kept in memory at full size while their faces are found.
 */
export function checkVideoPixels(file: string, info: VideoInfo, frames: number, maxPixels: number): void {
  const pixels = info.width * info.height * frames;
  if (pixels > maxPixels) {
    throw new RangeError(`${file}: ${frames} frames of ${info.width} x ${info.height} are ${pixels} pixels, over the limit of ${maxPixels} (--max-video-pixels); sample fewer --frames or raise the limit`);
  }
}

/**
 * Decodes the frames at `sampleTimes` one at a time, seeking to each (ffmpeg decodes from the keyframe before
 * it), so a long video costs `count` short decodes rather than one of the whole file. Each frame comes back
 * as 8-bit RGB at the size ffprobe reported. A frame ffmpeg cannot decode is an error naming the file and time.
 */
export async function* sampleFrames(file: string, info: VideoInfo, count: number): AsyncGenerator<VideoFrame> {
  const times = sampleTimes(info.seconds, count);
  for (const [index, seconds] of times.entries()) {
    const args = ['-v', 'error', '-ss', seconds.toFixed(6), '-i', file, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'];
    const { code, stdout, stderr } = await runTool('ffmpeg', args);
    const expected = info.width * info.height * 3;
    if (code !== 0) throw new TypeError(`${file}: ffmpeg cannot decode the frame at ${seconds.toFixed(2)} s: ${toolReason(stderr)}`);
    if (stdout.length !== expected) {
      throw new TypeError(`${file}: the frame at ${seconds.toFixed(2)} s decoded to ${stdout.length} bytes, expected ${expected} (${info.width} x ${info.height} RGB); the file may be truncated${stderr ? `: ${toolReason(stderr)}` : ''}`);
    }
    yield { index, seconds, image: { data: new Uint8Array(stdout.buffer, stdout.byteOffset, stdout.byteLength), width: info.width, height: info.height, channels: 3 } };
  }
}
