import { exitCodeFor, stopSignals, type StopSignal } from '../../util/signal-exit-code.ts';

/** What a stop request says on the first signal and, before exiting at once, on a second. */
export interface StopMessages {
  first(signal: StopSignal): string;
  again(signal: StopSignal): string;
}

const trainingMessages: StopMessages = {
  first: (signal) => `${signal}: finishing this step and saving a checkpoint before exiting (send it again to exit at once)`,
  again: (signal) => `${signal} again: exiting without saving; the previous checkpoint is kept`,
};

/**
 * Turns Ctrl-C (and a scheduler's SIGTERM) into a request the loop honours between steps, so the run
 * stops with a checkpoint of the last finished step instead of losing the epoch. A second signal means
 * the user does not want to wait: exit at once, leaving the previous checkpoint as it was.
 */
export class StopRequest {
  signal: StopSignal | undefined;
  /** Where the messages go; whoever draws progress at the moment may take it over, so a bar is not torn. */
  log: (line: string) => void;
  private readonly handlers = new Map<StopSignal, () => void>();

  constructor(log: (line: string) => void, messages: StopMessages = trainingMessages) {
    this.log = log;
    for (const signal of stopSignals) {
      const handler = () => {
        if (this.signal) {
          this.log(messages.again(signal));
          process.exit(exitCodeFor(signal));
        }
        this.signal = signal;
        this.log(messages.first(signal));
      };
      this.handlers.set(signal, handler);
      process.on(signal, handler);
    }
  }

  dispose(): void {
    for (const [signal, handler] of this.handlers) process.off(signal, handler);
  }
}
