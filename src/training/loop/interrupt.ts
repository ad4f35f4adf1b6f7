import { exitCodeFor, stopSignals, type StopSignal } from '../../util/signal-exit-code.ts';

/**
 * Turns Ctrl-C (and a scheduler's SIGTERM) into a request the loop honours between steps, so the run
 * stops with a checkpoint of the last finished step instead of losing the epoch. A second signal means
 * the user does not want to wait: exit at once, leaving the previous checkpoint as it was.
 */
export class StopRequest {
  signal: StopSignal | undefined;
  private readonly handlers = new Map<StopSignal, () => void>();

  constructor(log: (line: string) => void) {
    for (const signal of stopSignals) {
      const handler = () => {
        if (this.signal) {
          log(`${signal} again: exiting without saving; the previous checkpoint is kept`);
          process.exit(exitCodeFor(signal));
        }
        this.signal = signal;
        log(`${signal}: finishing this step and saving a checkpoint before exiting (send it again to exit at once)`);
      };
      this.handlers.set(signal, handler);
      process.on(signal, handler);
    }
  }

  dispose(): void {
    for (const [signal, handler] of this.handlers) process.off(signal, handler);
  }
}
