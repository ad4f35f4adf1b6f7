import { rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { runTool, toolReason } from '../../video/run-tool.ts';

/** The benchmark video: one minute of 1280 x 720 at 25 frames per second, a keyframe every 2 s (streaming's usual). */
export const benchVideo = { width: 1280, height: 720, seconds: 60, fps: 25, keyframeSeconds: 2 } as const;

/**
 * A one-minute 720p H.264 video made from `photo` with ffmpeg: the photo scaled to 1440 px wide and panned
 * slowly under a 1280 x 720 window, so every frame differs and the faces move. Kept in the temp folder under a
 * name of the photo and the settings, and made again only when missing.
 */
export async function panningVideo(photo: string): Promise<string> {
  const { width, height, seconds, fps, keyframeSeconds } = benchVideo;
  const file = join(tmpdir(), `ftd-bench-${basename(photo).replace(/\W+/g, '-')}-${width}x${height}-${seconds}s-${fps}fps.mp4`);
  if ((await stat(file).catch(() => undefined))?.isFile()) return file;
  const partial = `${file}.${process.pid}.partial.mp4`;
  const filter = `scale=${width + 160}:-2,crop=${width}:${height}:x='160*t/${seconds}':y='(in_h-${height})/2'`;
  const args = ['-v', 'error', '-y', '-loop', '1', '-framerate', String(fps), '-i', photo, '-t', String(seconds), '-vf', filter, '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-g', String(fps * keyframeSeconds), partial];
  const { code, stderr } = await runTool('ffmpeg', args);
  if (code !== 0) {
    await rm(partial, { force: true });
    throw new Error(`ffmpeg could not make the benchmark video from ${photo}: ${toolReason(stderr)}`);
  }
  await rename(partial, file);
  return file;
}
