import { jsonText, JsonFields } from '../../util/json-fields.ts';
import { presets, validateModelConfig, validateTrainConfig, type ModelConfig, type Preset, type TrainConfig } from '../config.ts';

export const runRecordFormat = 'ftd-run';
export const runRecordVersion = 1;

/** Mean loss parts over some steps; the names match `LearningToMask.loss`'s parts plus their weighted sum. */
export interface LossSummary {
  total: number;
  teacherCnn: number;
  teacherVit: number;
  diversity: number;
  student: number;
}

/** Metrics on the validation split after an epoch; an AUC is null when the split holds one class only. */
export interface ValidationSummary {
  samples: number;
  videos: number;
  frameAuc: number | null;
  videoAuc: number | null;
  /** Accuracy at probability 0.5. */
  accuracy: number;
}

export interface EpochMetrics {
  /** 1-based number of the epoch just finished. */
  epoch: number;
  /** Steps completed when it finished. */
  step: number;
  learningRate: number;
  /** Means over the epoch's training steps. */
  loss: LossSummary;
  validation: ValidationSummary | null;
  /** Wall time of the epoch's training steps (validation excluded), summed across resumes. */
  trainSeconds: number;
  imagesPerSecond: number;
}

/** Counts that say what a run was trained on, plus a fingerprint that a resume must match. */
export interface DataSummary {
  /** The --data path the run was started with, absolute: a resumed run reopens it. */
  source: string;
  /** The dataset's folder, which sample paths are relative to. */
  root: string;
  format: string;
  /** sha256 over the training samples' paths (relative to root) and labels, in order. */
  fingerprint: string;
  trainTypes: string[] | null;
  compressions: string[] | null;
  train: SplitSummary;
  val: SplitSummary;
  /** Manifest rows and images left out under --skip-bad, with the reason for each. */
  skipped: Array<{ path: string; origin: string; reason: string }>;
}

export interface SplitSummary {
  samples: number;
  videos: number;
  byType: Record<string, number>;
  byCompression: Record<string, number>;
}

/** A pretrained file `--init` loaded into a backbone. */
export interface InitSource {
  /** The file's name (no folder: the record must not tie the run to one machine) and its sha256. */
  file: string;
  sha256: string;
  format: 'torchvision' | 'timm' | 'keras-h5';
  /** Tensors copied into the backbone. */
  loaded: number;
  /** With --init-non-strict: the file's names of the tensors that did not fit and kept their initial values. */
  notLoaded: string[];
}

/** The weights each backbone started from; null: initialised from the seed. */
export interface InitRecord {
  teacher: InitSource | null;
  student: InitSource | null;
}

/** Everything a resumed run needs besides the tensors, and what a reader of the run wants to know. */
export interface RunRecord {
  format: typeof runRecordFormat;
  version: typeof runRecordVersion;
  preset: Preset['name'];
  config: { model: ModelConfig; train: TrainConfig };
  /** Training steps completed; the next step to run. */
  step: number;
  /** Epochs completed. */
  epoch: number;
  seed: number;
  status: 'running' | 'interrupted' | 'finished';
  backend: { name: string; package: string; device: string };
  data: DataSummary;
  metrics: EpochMetrics[];
  /** Sums for the epoch an interruption cut short, so its metrics come out as in an uninterrupted run. */
  epochInProgress: { steps: number; lossSums: LossSummary; trainSeconds: number } | null;
  /** One entry per `--resume`: where it resumed, on what, and which settings it changed. */
  resumes: Array<{ step: number; backend: string; changes: string[] }>;
  /** Pretrained weights the run started from (`--init`); absent in records written before it existed. */
  init?: InitRecord;
}

/** run.json is the record plus the identity of the checkpoint it describes. */
export interface RunFile extends RunRecord {
  checkpoint: { file: string; sha256: string; bytes: number };
}

/**
 * Checks a record read from disk (run.json, or the copy inside the checkpoint); `source` names it in
 * errors. The configuration is checked field by field because a resumed run builds its model from it.
 */
export function validateRunRecord(value: unknown, source: string): RunRecord {
  const fields = new JsonFields(value, source, '', 'the record');
  const record = fields.record;
  if (record.format !== runRecordFormat) {
    throw new TypeError(`${source} is not an ftd run record: format is ${jsonText(record.format)}, expected "${runRecordFormat}"`);
  }
  if (record.version !== runRecordVersion) {
    throw new RangeError(`${source}: version ${jsonText(record.version)} is not supported; this ftd reads version ${runRecordVersion}`);
  }
  if (typeof record.preset !== 'string' || !(record.preset in presets)) {
    throw new RangeError(`${source}: preset must be one of ${Object.keys(presets).join(', ')}, got ${jsonText(record.preset)}`);
  }
  const config = fields.object('config').record;
  const model = validateModelConfig(config.model, `${source} config.model`);
  const train = validateTrainConfig(config.train, `${source} config.train`);
  for (const field of ['step', 'epoch', 'seed'] as const) {
    if (!Number.isSafeInteger(record[field]) || (field !== 'seed' && (record[field] as number) < 0)) {
      throw new TypeError(`${source}: ${field} must be an integer${field === 'seed' ? '' : ' >= 0'}, got ${jsonText(record[field])}`);
    }
  }
  if (!['running', 'interrupted', 'finished'].includes(record.status as string)) {
    throw new RangeError(`${source}: status must be running, interrupted or finished, got ${jsonText(record.status)}`);
  }
  const backend = fields.object('backend').record;
  for (const field of ['name', 'package', 'device']) {
    if (typeof backend[field] !== 'string') throw new TypeError(`${source}: backend.${field} must be a string, got ${jsonText(backend[field])}`);
  }
  const data = fields.object('data').record;
  for (const field of ['source', 'root', 'format', 'fingerprint']) {
    if (typeof data[field] !== 'string') throw new TypeError(`${source}: data.${field} must be a string, got ${jsonText(data[field])}`);
  }
  fields.array('metrics');
  fields.array('resumes');
  if (record.init !== undefined) {
    const init = fields.object('init');
    for (const role of ['teacher', 'student']) {
      if (init.record[role] === null) continue;
      const source = init.object(role);
      source.string('file');
      if (!/^[0-9a-f]{64}$/.test(source.string('sha256'))) throw new RangeError(`${source.source}: init.${role}.sha256 must be 64 lowercase hex digits`);
    }
  }
  if (record.epochInProgress !== null) fields.object('epochInProgress');
  return { ...(record as unknown as RunRecord), config: { model, train } };
}
