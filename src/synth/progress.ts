/** Where progress lines go: a TTY gets one line redrawn in place, anything else a line per tenth. */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

/** Progress of a job measured in units (frames) that produce images, with the running image rate. */
export class ProgressLine {
  private readonly started = performance.now();
  private lastTenth = -1;
  private lastDraw = 0;

  constructor(
    private readonly stream: ProgressStream | undefined,
    private readonly label: string,
    private readonly total: number,
  ) {}

  update(done: number, images: number): void {
    if (!this.stream) return;
    const now = performance.now();
    const line = `${this.label}: ${done}/${this.total} frames, ${images} images, ${this.rate(images, now).toFixed(0)} images/s`;
    if (this.stream.isTTY) {
      if (now - this.lastDraw < 100 && done < this.total) return;
      this.lastDraw = now;
      this.stream.write(`\r${line}\u001b[K${done === this.total ? '\n' : ''}`);
      return;
    }
    const tenth = Math.floor((done * 10) / this.total);
    if (tenth === this.lastTenth) return;
    this.lastTenth = tenth;
    this.stream.write(`${line}\n`);
  }

  private rate(images: number, now: number): number {
    const seconds = (now - this.started) / 1000;
    return seconds > 0 ? images / seconds : 0;
  }
}
