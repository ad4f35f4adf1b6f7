import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeVideo } from '../../../../src/runtime-node/video/probe-video.ts';
import { checkVideoPixels, sampleFrames, sampleTimes, type VideoFrame } from '../../../../src/runtime-node/video/sample-frames.ts';
import { ffmpegMissing, makeVideo } from './ffmpeg-available.ts';

describe('sampleTimes', () => {
  it('takes the middle of each of N equal spans', () => {
    expect(sampleTimes(2, 4)).toEqual([0.25, 0.75, 1.25, 1.75]);
    expect(sampleTimes(3, 1)).toEqual([1.5]);
  });
});

describe('checkVideoPixels', () => {
  const info = { width: 100, height: 50, seconds: 3, codec: 'h264' };
  it('passes at the limit and refuses above it, naming the file, the sizes and the flag', () => {
    expect(() => checkVideoPixels('a.mp4', info, 4, 20_000)).not.toThrow();
    expect(() => checkVideoPixels('a.mp4', info, 5, 20_000)).toThrow('a.mp4: 5 frames of 100 x 50 are 25000 pixels, over the limit of 20000 (--max-video-pixels)');
  });
});

const missing = ffmpegMissing();
if (missing) console.warn(`video decoding tests skipped: ${missing}`);

describe.skipIf(missing !== undefined)('probeVideo and sampleFrames (ffmpeg)', () => {
  let folder: string;
  let colours: string;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'ftd-video-'));
    colours = join(folder, 'colours.mp4');
    // One second of red, then one of blue, 64 x 48 at 10 frames a second.
    makeVideo(['-f', 'lavfi', '-i', 'color=c=red:s=64x48:r=10:d=1', '-f', 'lavfi', '-i', 'color=c=blue:s=64x48:r=10:d=1', '-filter_complex', '[0][1]concat=n=2:v=1', '-c:v', 'libx264', '-pix_fmt', 'yuv444p', colours]);
  });

  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('reads size, duration and codec from the header', async () => {
    expect(await probeVideo(colours)).toEqual({ width: 64, height: 48, seconds: 2, codec: 'h264' });
  });

  it('decodes evenly spaced frames as RGB at full size, each from its own time', async () => {
    const info = await probeVideo(colours);
    const frames: VideoFrame[] = [];
    for await (const frame of sampleFrames(colours, info, 4)) frames.push(frame);
    expect(frames.map((f) => [f.index, f.seconds, f.image.width, f.image.height, f.image.data.length])).toEqual([
      [0, 0.25, 64, 48, 64 * 48 * 3],
      [1, 0.75, 64, 48, 64 * 48 * 3],
      [2, 1.25, 64, 48, 64 * 48 * 3],
      [3, 1.75, 64, 48, 64 * 48 * 3],
    ]);
    const centre = (i: number) => Array.from(frames[i]!.image.data.subarray((24 * 64 + 32) * 3, (24 * 64 + 32) * 3 + 3));
    // Colour conversion through Y'CbCr moves each channel by a few levels at most.
    for (const [i, expected] of [[0, [255, 0, 0]], [1, [255, 0, 0]], [2, [0, 0, 255]], [3, [0, 0, 255]]] as const) {
      centre(i).forEach((value, c) => expect(Math.abs(value - expected[c]!)).toBeLessThanOrEqual(4));
    }
  });

  it('refuses a truncated file and a file that is not a video, naming the file', async () => {
    const truncated = join(folder, 'truncated.mp4');
    await writeFile(truncated, (await readFile(colours)).subarray(0, 600));
    await expect(probeVideo(truncated)).rejects.toThrow(new RegExp(`^${truncated.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} cannot be read as a video: `));
    const text = join(folder, 'notes.mp4');
    await writeFile(text, 'not a video\n');
    await expect(probeVideo(text)).rejects.toThrow(/notes\.mp4 cannot be read as a video: .*Invalid data/);
  });
});
