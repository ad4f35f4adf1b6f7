import { spawnSync } from 'node:child_process';

/** Why the video tests cannot run here, or undefined when ffmpeg and ffprobe are on the PATH. */
export function ffmpegMissing(): string | undefined {
  for (const program of ['ffmpeg', 'ffprobe']) {
    if (spawnSync(program, ['-version'], { stdio: 'ignore' }).error) return `${program} is not installed (bash .ci/system-packages.sh installs Debian's ffmpeg)`;
  }
  return undefined;
}

/** Runs ffmpeg to make a test input; throws with its stderr if it fails. */
export function makeVideo(args: readonly string[]): void {
  const result = spawnSync('ffmpeg', ['-v', 'error', '-y', ...args], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`ffmpeg ${args.join(' ')} failed: ${result.stderr}`);
}
