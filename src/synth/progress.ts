import type cliProgress from 'cli-progress';
import { terminalBars, type ProgressStream } from '../util/progress-bar.ts';

/**
 * Progress of `ftd synth` in frames, with the running image rate: a bar on a terminal, otherwise a plain
 * line at each tenth of the frames.
 */
export class SynthProgress {
  private readonly started = performance.now();
  private readonly bars?: cliProgress.MultiBar;
  private readonly bar?: cliProgress.SingleBar;
  private lastTenth = -1;
  private stopped = false;

  constructor(
    private readonly stream: ProgressStream | undefined,
    private readonly total: number,
  ) {
    if (stream?.isTTY) {
      this.bars = terminalBars(stream, 'synth {bar} {value}/{total} frames | {images} images | {rate} images/s');
      this.bar = this.bars.create(total, 0, { images: 0, rate: '0' });
    }
  }

  update(done: number, images: number): void {
    if (!this.stream || this.stopped) return;
    const rate = this.rate(images).toFixed(0);
    if (this.bar) {
      this.bar.update(done, { images, rate });
      if (done === this.total) this.stop();
      return;
    }
    const tenth = Math.floor((done * 10) / this.total);
    if (tenth === this.lastTenth) return;
    this.lastTenth = tenth;
    this.stream.write(`synth: ${done}/${this.total} frames, ${images} images, ${rate} images/s\n`);
  }

  /** Draws the bar a last time and gives the terminal back (the cursor, the redraw timer). */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.bars?.update();
    this.bars?.stop();
  }

  private rate(images: number): number {
    const seconds = (performance.now() - this.started) / 1000;
    return seconds > 0 ? images / seconds : 0;
  }
}
