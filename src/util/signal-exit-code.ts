import { constants } from 'node:os';

/** The signals on which a long-running ftd command stops gracefully (train checkpoints, serve drains). */
export const stopSignals = ['SIGINT', 'SIGTERM'] as const;
export type StopSignal = (typeof stopSignals)[number];

/** The shell's convention for a process ended by a signal: 128 + its number (SIGINT 130, SIGTERM 143). */
export function exitCodeFor(signal: StopSignal): number {
  return 128 + constants.signals[signal];
}
