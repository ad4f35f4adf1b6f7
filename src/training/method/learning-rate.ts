import type { TrainConfig } from '../config.ts';

/**
 * The paper's step schedule: the rate is multiplied by `lrDecay` after every epoch of `stepsPerEpoch` steps.
 * A pure function of the step, so a resumed run continues on the same curve without saving optimiser state
 * beyond the step.
 */
export function learningRateAt(step: number, train: Pick<TrainConfig, 'learningRate' | 'lrDecay' | 'stepsPerEpoch'>): number {
  if (!Number.isInteger(step) || step < 0) throw new RangeError(`training step must be an integer >= 0, got ${step}`);
  return train.learningRate * Math.pow(train.lrDecay, Math.floor(step / train.stepsPerEpoch));
}
