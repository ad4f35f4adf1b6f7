import type cliProgress from 'cli-progress';
import { terminalBars, type ProgressStream } from '../util/progress-bar.ts';

/** `ftd crop`'s progress in sources: a bar on a terminal, otherwise a line at each tenth. */
export class CropProgress {
  private readonly bars?: cliProgress.MultiBar;
  private readonly bar?: cliProgress.SingleBar;
  private done = 0;
  private lastTenth = 0;

  constructor(
    private readonly stream: ProgressStream | undefined,
    private readonly total: number,
  ) {
    if (stream?.isTTY) {
      this.bars = terminalBars(stream, 'crop {bar} {value}/{total} sources | {frames} frames, {empty} without a face');
      this.bar = this.bars.create(total, 0, { frames: 0, empty: 0 });
    }
  }

  advance(frames: number, framesWithoutFace: number): void {
    this.done++;
    if (this.bar) return void this.bar.update(this.done, { frames, empty: framesWithoutFace });
    const tenth = Math.floor((this.done * 10) / this.total);
    if (!this.stream || tenth === this.lastTenth) return;
    this.lastTenth = tenth;
    this.stream.write(`crop: ${this.done}/${this.total} sources, ${frames} frames, ${framesWithoutFace} without a face\n`);
  }

  stop(): void {
    this.bars?.stop();
  }
}
