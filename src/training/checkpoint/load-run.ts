import { stat } from 'node:fs/promises';
import { loadCheckpoint, restoreState, type RunRecord, type StoredTensor } from './index.ts';
import { LearningToMask } from '../model/learning-to-mask.ts';

export interface LoadedRun {
  readonly model: LearningToMask;
  readonly record: RunRecord;
  /** What the checkpoint loader wants the user to know (e.g. a stale run.json). */
  readonly notes: readonly string[];
}

/** Checkpoint tensors under this prefix are the model's state; the rest is the optimiser's. */
const modelPrefix = 'model.';
const optimizerPrefix = 'optimizer.';

/**
 * Rebuilds the trained model of a run folder: the configuration from the checkpoint's own record, then
 * every parameter and BatchNorm statistic from its tensors. Optimiser slots are not needed to export and
 * are left out; any other tensor, or a missing or misshapen one, fails naming the tensor and the file.
 */
export async function loadRun(runDirectory: string): Promise<LoadedRun> {
  const info = await stat(runDirectory).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') throw new RangeError(`run folder ${runDirectory} does not exist; expected a folder written by "ftd train" (checkpoint.safetensors + run.json)`);
    throw error;
  });
  if (!info.isDirectory()) throw new TypeError(`${runDirectory} is a file; expected a run folder written by "ftd train"`);
  const checkpoint = await loadCheckpoint(runDirectory);
  const modelTensors = new Map<string, StoredTensor>();
  for (const [name, tensor] of checkpoint.tensors) if (!name.startsWith(optimizerPrefix)) modelTensors.set(name, tensor);
  const model = new LearningToMask(checkpoint.record.config.model, checkpoint.record.seed);
  try {
    restoreState(modelTensors, model.namedState(modelPrefix), checkpoint.file);
  } catch (error) {
    model.dispose();
    throw error;
  }
  return { model, record: checkpoint.record, notes: checkpoint.notes };
}
