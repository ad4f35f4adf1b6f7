import { maskStrategies } from '../../runtime-common/topk-mask.ts';
import { backendRequests } from '../../training/backend/backend-choice.ts';
import { presets } from '../../training/config.ts';
import type { TrainOptions } from '../../training/loop/train-options.ts';
import { JsonFields } from '../../util/json-fields.ts';
import { readNameList } from './name-list.ts';

/** The `ftd train` settings a grid file may fix for every run, vary along an axis, or set per configuration. */
export type TrainFlags = Partial<Pick<TrainOptions,
  'preset' | 'epochs' | 'stepsPerEpoch' | 'batchSize' | 'learningRate' | 'mask' | 'maskRatio' | 'mixup' | 'compressions' | 'backend' | 'skipBad'>>;

interface TrainFlag {
  option: keyof TrainFlags;
  /** Reads and checks the value of `key` in `fields`, naming the file and field on a bad one. */
  read(fields: JsonFields, key: string): unknown;
}

/**
 * Keyed by the `ftd train` flag's name, so a grid file reads like the command line it replaces. Not here:
 * `data`, `seeds` and `train-types` (fields of their own), `out`, `resume`, `force` and `progress` (the
 * experiment decides those).
 */
export const trainFlags: Readonly<Record<string, TrainFlag>> = {
  preset: { option: 'preset', read: (fields, key) => fields.oneOf(key, Object.keys(presets)) },
  epochs: { option: 'epochs', read: (fields, key) => fields.positiveInteger(key) },
  'steps-per-epoch': { option: 'stepsPerEpoch', read: (fields, key) => fields.positiveInteger(key) },
  batch: { option: 'batchSize', read: (fields, key) => fields.positiveInteger(key) },
  lr: { option: 'learningRate', read: (fields, key) => fields.number(key, { above: 0 }) },
  mask: { option: 'mask', read: (fields, key) => fields.oneOf(key, maskStrategies) },
  'mask-ratio': { option: 'maskRatio', read: (fields, key) => fields.number(key, { above: 0, below: 1 }) },
  mixup: { option: 'mixup', read: (fields, key) => fields.boolean(key) },
  compression: { option: 'compressions', read: (fields, key) => readNameList(fields.record[key], fields.source, fields.field(key)) },
  backend: { option: 'backend', read: (fields, key) => fields.oneOf(key, backendRequests) },
  'skip-bad': { option: 'skipBad', read: (fields, key) => fields.boolean(key) },
};

/** Fields a user may reach for in `train` or a configuration that live elsewhere in the grid file. */
const elsewhere: Readonly<Record<string, string>> = {
  data: 'the top-level "data" field',
  seed: 'the top-level "seeds" list',
  seeds: 'the top-level "seeds" list',
  'train-types': 'the top-level "train-types" list',
  out: 'ftd experiment --out',
  resume: 'nothing: ftd experiment resumes unfinished runs itself',
  force: 'ftd experiment --force',
  progress: 'ftd experiment --progress',
};

/** Refuses a key that is not a train flag, saying where it belongs when it belongs elsewhere. */
export function checkFlagName(key: string, source: string, field: string): void {
  if (key in trainFlags) return;
  const home = elsewhere[key];
  if (home !== undefined) throw new RangeError(`${source}: ${field} cannot be set here; it is set by ${home}`);
  throw new TypeError(`${source}: unknown train flag ${field}; expected one of ${Object.keys(trainFlags).join(', ')}`);
}

/** One flag's value, read at `field` (a dotted path such as `axes.mask[2]`) of `source`. */
export function readFlag(flag: string, value: unknown, source: string, field: string): Partial<TrainFlags> {
  const reader = trainFlags[flag]!;
  return { [reader.option]: reader.read(new JsonFields({ [field]: value }, source, ''), field) };
}

/** Every key of `fields` except those in `skip`, read as train flags. */
export function readFlags(fields: JsonFields, skip: readonly string[] = []): TrainFlags {
  const flags: TrainFlags = {};
  for (const [key, value] of Object.entries(fields.record)) {
    if (skip.includes(key)) continue;
    checkFlagName(key, fields.source, fields.field(key));
    Object.assign(flags, readFlag(key, value, fields.source, fields.field(key)));
  }
  return flags;
}
