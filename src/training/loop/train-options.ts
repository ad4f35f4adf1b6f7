import type { BackendChoice, BackendRequest } from '../backend/backend-choice.ts';
import type { EpochMetrics } from '../checkpoint/run-record.ts';
import type { MaskStrategy } from '../../runtime-common/topk-mask.ts';
import type { StopSignal } from '../../util/signal-exit-code.ts';
import type { BackboneArchitecture, Preset } from '../config.ts';
import type { StopRequest } from './interrupt.ts';
import type { ProgressMode } from './progress.ts';

/**
 * What `ftd train` takes. Settings left undefined come from the preset for a new run and from run.json
 * for a resumed one; each maps to one CLI flag, named in errors.
 */
export interface TrainOptions {
  /** Dataset folder or manifest; a resumed run defaults to the one it was started on. */
  data?: string;
  /** Run folder: checkpoint.safetensors and run.json are written here. */
  out: string;
  /** Default: small. */
  preset?: Preset['name'];
  epochs?: number;
  stepsPerEpoch?: number;
  batchSize?: number;
  learningRate?: number;
  mask?: MaskStrategy;
  maskRatio?: number;
  mixup?: boolean;
  /** The teacher's CNN, and the student's unless `studentBackbone` is given; default: the preset's (Xception). */
  backbone?: BackboneArchitecture;
  /** The student's CNN when it differs from the teacher's (the paper's Table 5 pairs). */
  studentBackbone?: BackboneArchitecture;
  /** Both backbones' width multiplier and output stride; default: the preset's. */
  widthMultiplier?: number;
  outputStride?: number;
  /** Pretrained (ImageNet) weights for both backbones, which must then be of one architecture. */
  init?: string;
  /** Pretrained weights for one backbone each, when they differ. */
  initTeacher?: string;
  initStudent?: string;
  /** Load the tensors of the --init files that fit and report the rest, instead of refusing a file that does not fit exactly. */
  initNonStrict?: boolean;
  /** Fake types to train on (real samples are always kept), e.g. ['swap'] for a cross-manipulation run. */
  trainTypes?: string[];
  compressions?: string[];
  seed?: number;
  /** Default: auto. */
  backend?: BackendRequest;
  /** Continue the run in `out` from its checkpoint. */
  resume?: boolean;
  /** Replace an existing run in `out`. */
  force?: boolean;
  /** Skip unreadable images and manifest rows (listed in the log) instead of failing. */
  skipBad?: boolean;
  /** Default: auto (a bar on a terminal, plain lines otherwise). */
  progress?: ProgressMode;
  /** Where progress and notices go; default stderr. */
  stream?: NodeJS.WritableStream & { isTTY?: boolean };
  /** A SIGINT/SIGTERM request owned by the caller (kept after the run); default: one of the run's own. */
  stop?: StopRequest;
}

export interface TrainResult {
  /** `interrupted`: a signal stopped the run after saving a checkpoint; `finished`: all epochs are done. */
  status: 'finished' | 'interrupted';
  signal?: StopSignal;
  runDirectory: string;
  step: number;
  epoch: number;
  metrics: EpochMetrics[];
  backend: BackendChoice;
}

/** Option -> CLI flag, for messages. */
export const flagNames = {
  data: '--data',
  out: '--out',
  preset: '--preset',
  epochs: '--epochs',
  stepsPerEpoch: '--steps-per-epoch',
  batchSize: '--batch',
  learningRate: '--lr',
  mask: '--mask',
  maskRatio: '--mask-ratio',
  mixup: '--no-mixup',
  backbone: '--backbone',
  studentBackbone: '--student-backbone',
  widthMultiplier: '--width-multiplier',
  outputStride: '--output-stride',
  init: '--init',
  initTeacher: '--init-teacher',
  initStudent: '--init-student',
  initNonStrict: '--init-non-strict',
  trainTypes: '--train-types',
  compressions: '--compression',
  seed: '--seed',
  backend: '--backend',
} as const satisfies Partial<Record<keyof TrainOptions, string>>;
