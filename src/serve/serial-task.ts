/**
 * Runs a task so that at most one run is in progress and requests made during a run are coalesced into one
 * more run after it: a burst of file events during a model copy becomes at most one extra load.
 */
export class SerialTask {
  private running: Promise<void> | undefined;
  private again = false;

  constructor(private readonly task: () => Promise<void>) {}

  /** Starts a run now, or once the current one ends; resolves when the run that covers this request ends. */
  request(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.idle();
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.task();
      } while (this.again);
    })().finally(() => (this.running = undefined));
    return this.running;
  }

  /** Resolves once no run is in progress or pending. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }
}
