import { NonFiniteStateError } from '../checkpoint/checkpoint-files.ts';
import { formatLoss } from './progress.ts';
import { NonFiniteLossError } from './train-step.ts';
import { NonFiniteScoreError } from './validate.ts';

/**
 * Training stopped because a loss, a score or a weight became NaN or infinite. The message says where,
 * which checkpoint survives (checkpoints are only written from finite state), and how to go on.
 */
export class TrainingDivergedError extends Error {
  override name = 'TrainingDivergedError';
  constructor(
    message: string,
    readonly step: number,
    readonly lastCheckpoint: { step: number; epoch: number } | null,
  ) {
    super(message);
  }
}

/** Turns a non-finite failure into a TrainingDivergedError; returns undefined for every other error. */
export function divergenceError(
  error: unknown,
  /** `step` is 1-based: the step that was running, or the last one finished when validation or saving found the damage. */
  context: { step: number; runDirectory: string; learningRate: number; lastCheckpoint: { step: number; epoch: number } | null },
): TrainingDivergedError | undefined {
  let what: string;
  if (error instanceof NonFiniteLossError) what = `the ${error.part} loss is ${error.loss[error.part]} (loss ${formatLoss(error.loss)})`;
  else if (error instanceof NonFiniteStateError) what = error.message;
  else if (error instanceof NonFiniteScoreError) what = error.message;
  else return undefined;
  const { lastCheckpoint, runDirectory } = context;
  const lower = Number((context.learningRate / 10).toPrecision(3));
  const kept = lastCheckpoint
    ? `The last good checkpoint (step ${lastCheckpoint.step}, epoch ${lastCheckpoint.epoch}) is kept in ${runDirectory}; ` +
      `continue from it with a lower rate: ftd train --resume --out ${runDirectory} --lr ${lower}`
    : `No checkpoint had been written yet; start again with a lower rate (--lr ${lower} --force)`;
  return new TrainingDivergedError(`training diverged at step ${context.step}: ${what}. ${kept}`, context.step, lastCheckpoint);
}
