import { presets, type Preset } from '../../../src/training/config.ts';
import { runRecordFormat, runRecordVersion, saveCheckpoint, type RunRecord } from '../../../src/training/checkpoint/index.ts';
import { SgdMomentum } from '../../../src/training/loop/sgd-momentum.ts';
import type { LearningToMask } from '../../../src/training/model/learning-to-mask.ts';

/** A run record as `ftd train` writes it after `step` steps of the preset (metrics made up but well-formed). */
export function runRecord(preset: Preset['name'], model: LearningToMask, seed: number, step = 20): RunRecord {
  const split = { samples: 16, videos: 4, byType: { real: 8, swap: 8 }, byCompression: { c23: 16 } };
  const loss = { total: 2.5, teacherCnn: 0.7, teacherVit: 0.7, diversity: 0.5, student: 0.6 };
  return {
    format: runRecordFormat,
    version: runRecordVersion,
    preset,
    config: { model: model.config, train: { ...presets[preset].train, seed } },
    step,
    epoch: 1,
    seed,
    status: 'finished',
    backend: { name: 'cpu', package: '@tensorflow/tfjs-backend-cpu', device: 'JavaScript on the main thread' },
    data: { source: 'data/synth', root: 'data/synth', format: 'synth', fingerprint: 'a'.repeat(64), trainTypes: null, compressions: null, train: split, val: split, skipped: [] },
    metrics: [{ epoch: 1, step, learningRate: 0.01, loss, validation: null, trainSeconds: 12.5, imagesPerSecond: 40 }],
    epochInProgress: null,
    resumes: [],
  };
}

/** Writes `model` as the checkpoint of a finished run, optimiser slots included, with the trainer's own writer. */
export async function writeRun(folder: string, preset: Preset['name'], model: LearningToMask, seed: number): Promise<RunRecord> {
  const record = runRecord(preset, model, seed);
  const optimizer = new SgdMomentum(model.namedParameters(), 0.9);
  try {
    await saveCheckpoint(folder, [...model.namedState('model.'), ...optimizer.namedSlots('optimizer.momentum.')], record);
  } finally {
    optimizer.dispose();
  }
  return record;
}
