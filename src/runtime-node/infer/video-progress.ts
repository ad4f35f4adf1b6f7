import type cliProgress from 'cli-progress';
import { basename } from 'node:path';
import { terminalBars, type ProgressStream } from '../../util/progress-bar.ts';

/**
 * Frames of the video being scored, as a bar on a terminal; nothing elsewhere (each video's result line
 * follows it anyway, and logs keep every redraw).
 */
export class VideoProgress {
  private readonly bars?: cliProgress.MultiBar;

  constructor(stream: ProgressStream | undefined) {
    if (stream?.isTTY) this.bars = terminalBars(stream, '{video} {bar} {value}/{total} frames');
  }

  /** A bar for one video; call the returned function after each frame. */
  start(file: string, frames: number): (done: number) => void {
    const bar = this.bars?.create(frames, 0, { video: basename(file) });
    return (done) => {
      bar?.update(done);
      if (bar && done === frames) this.bars!.remove(bar);
    };
  }

  stop(): void {
    this.bars?.stop();
  }
}
