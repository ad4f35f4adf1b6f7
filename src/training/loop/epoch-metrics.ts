import type { EpochMetrics, LossSummary, RunRecord, ValidationSummary } from '../checkpoint/run-record.ts';
import { formatLoss } from './progress.ts';

export type EpochProgress = NonNullable<RunRecord['epochInProgress']>;

export function emptyEpoch(): EpochProgress {
  return { steps: 0, lossSums: { total: 0, teacherCnn: 0, teacherVit: 0, diversity: 0, student: 0 }, trainSeconds: 0 };
}

export function addStep(epoch: EpochProgress, loss: LossSummary, seconds: number): EpochProgress {
  const lossSums = { ...epoch.lossSums };
  for (const part of Object.keys(lossSums) as Array<keyof LossSummary>) lossSums[part] += loss[part];
  return { steps: epoch.steps + 1, lossSums, trainSeconds: epoch.trainSeconds + seconds };
}

export function finishEpoch(
  epoch: EpochProgress,
  at: { epoch: number; step: number; learningRate: number; batchSize: number; validation: ValidationSummary | null },
): EpochMetrics {
  const loss = { ...epoch.lossSums };
  for (const part of Object.keys(loss) as Array<keyof LossSummary>) loss[part] /= epoch.steps;
  return {
    epoch: at.epoch,
    step: at.step,
    learningRate: at.learningRate,
    loss,
    validation: at.validation,
    trainSeconds: epoch.trainSeconds,
    imagesPerSecond: (epoch.steps * at.batchSize) / epoch.trainSeconds,
  };
}

/** One line per finished epoch for the log. */
export function describeEpoch(metrics: EpochMetrics, epochs: number): string {
  const validation = metrics.validation;
  const auc = (value: number | null) => (value === null ? 'n/a (one class)' : value.toFixed(4));
  const val = validation
    ? `val frame AUC ${auc(validation.frameAuc)} video AUC ${auc(validation.videoAuc)} ACC ${validation.accuracy.toFixed(4)} (${validation.samples} images)`
    : 'no val split';
  return `epoch ${metrics.epoch}/${epochs} step ${metrics.step}: loss ${formatLoss(metrics.loss)}; ${val}; ${metrics.imagesPerSecond.toFixed(1)} img/s`;
}
