import { maskStrategies } from '../../runtime-common/topk-mask.ts';
import { presets, validateModelConfig, validateTrainConfig, type ModelConfig, type Preset, type TrainConfig } from '../config.ts';
import type { RunRecord } from '../checkpoint/run-record.ts';
import { flagNames, type TrainOptions } from './train-options.ts';
import { FlagError, FlagTypeError } from '../../util/flag-error.ts';
import type { InitRequest } from '../pretrained/init-backbones.ts';
import { backbonesFromFlags, initRequestFromFlags } from './backbone-choice.ts';

/** The configuration a run trains with, after the preset, run.json and the flags have been combined. */
export interface RunSettings {
  preset: Preset['name'];
  model: ModelConfig;
  train: TrainConfig;
  trainTypes: string[] | null;
  compressions: string[] | null;
  /** Pretrained weights a new run starts from; undefined: the seed's initialisation (and on resume). */
  init?: InitRequest;
}

/** Preset defaults overridden by the given flags, each checked and named in errors. */
export function settingsForNewRun(options: TrainOptions): RunSettings {
  checkFlags(options);
  const presetName = options.preset ?? 'small';
  const preset = presets[presetName];
  const source = `preset ${presetName} with the given flags`;
  const model = validateModelConfig(
    {
      ...preset.model,
      ...backbonesFromFlags(preset, options),
      maskStrategy: options.mask ?? preset.model.maskStrategy,
      maskRatio: options.maskRatio ?? preset.model.maskRatio,
      mixup: options.mixup ?? preset.model.mixup,
    },
    source,
  );
  const train = validateTrainConfig(
    {
      ...preset.train,
      epochs: options.epochs ?? preset.train.epochs,
      stepsPerEpoch: options.stepsPerEpoch ?? preset.train.stepsPerEpoch,
      batchSize: options.batchSize ?? preset.train.batchSize,
      learningRate: options.learningRate ?? preset.train.learningRate,
      seed: options.seed ?? preset.train.seed,
    },
    source,
  );
  const init = initRequestFromFlags(options, model.teacherBackbone.architecture, model.studentBackbone.architecture);
  return { preset: presetName, model, train, trainTypes: options.trainTypes ?? null, compressions: options.compressions ?? null, ...(init ? { init } : {}) };
}

/**
 * The stored configuration of a run being resumed. Flags that would change its batches or its model
 * are refused (the resumed run would no longer equal an uninterrupted one); `--epochs` may extend it
 * and `--lr` may change the rate from here on (what one does after a divergence). Returns the
 * changes, for the log and run.json.
 */
export function settingsForResume(options: TrainOptions, record: RunRecord): { settings: RunSettings; changes: string[] } {
  checkFlags(options);
  const stored: RunSettings = {
    preset: record.preset,
    model: record.config.model,
    train: record.config.train,
    trainTypes: record.data.trainTypes,
    compressions: record.data.compressions,
  };
  const fixed: Array<[keyof typeof flagNames, unknown, unknown]> = [
    ['preset', options.preset, stored.preset],
    ['stepsPerEpoch', options.stepsPerEpoch, stored.train.stepsPerEpoch],
    ['batchSize', options.batchSize, stored.train.batchSize],
    ['seed', options.seed, stored.train.seed],
    ['mask', options.mask, stored.model.maskStrategy],
    ['maskRatio', options.maskRatio, stored.model.maskRatio],
    ['mixup', options.mixup, stored.model.mixup],
    ['trainTypes', options.trainTypes, stored.trainTypes],
    ['compressions', options.compressions, stored.compressions],
    ['backbone', options.backbone, stored.model.teacherBackbone.architecture],
    ['studentBackbone', options.studentBackbone, stored.model.studentBackbone.architecture],
    ['widthMultiplier', options.widthMultiplier, stored.model.teacherBackbone.widthMultiplier],
    ['outputStride', options.outputStride, stored.model.teacherBackbone.outputStride],
  ];
  for (const option of ['init', 'initTeacher', 'initStudent', 'initNonStrict'] as const) {
    if (options[option] !== undefined && options[option] !== false) {
      throw new FlagError(flagNames[option], `${flagNames[option]} sets where a new run starts; a resumed run continues from its checkpoint`);
    }
  }
  for (const [option, given, kept] of fixed) {
    if (given !== undefined && JSON.stringify(given) !== JSON.stringify(kept)) {
      throw new FlagError(flagNames[option],
        `${flagNames[option]} ${JSON.stringify(given)} differs from the resumed run's ${JSON.stringify(kept)}; a resumed run keeps ` +
          'its configuration so that it trains exactly as an uninterrupted one would. Start a new run instead (another --out, or --force)',
      );
    }
  }
  const changes: string[] = [];
  const train = { ...stored.train };
  if (options.epochs !== undefined && options.epochs !== train.epochs) {
    if (options.epochs < record.epoch) {
      throw new FlagError('--epochs', `--epochs ${options.epochs} is fewer than the ${record.epoch} epochs the resumed run has already completed`);
    }
    changes.push(`epochs ${train.epochs} -> ${options.epochs}`);
    train.epochs = options.epochs;
  }
  if (options.learningRate !== undefined && options.learningRate !== train.learningRate) {
    changes.push(`learningRate ${train.learningRate} -> ${options.learningRate}`);
    train.learningRate = options.learningRate;
  }
  return { settings: { ...stored, train }, changes };
}

/** Checks each flag's own range, so errors name the flag rather than a config field. */
function checkFlags(options: TrainOptions): void {
  const positiveIntegers = ['epochs', 'stepsPerEpoch', 'batchSize'] as const;
  for (const option of positiveIntegers) {
    const value = options[option];
    if (value !== undefined && !(Number.isSafeInteger(value) && value >= 1)) {
      throw new FlagError(flagNames[option], `${flagNames[option]} must be an integer >= 1, got ${value}`);
    }
  }
  if (options.seed !== undefined && !Number.isSafeInteger(options.seed)) {
    throw new FlagError('--seed', `--seed must be an integer, got ${options.seed}`);
  }
  if (options.learningRate !== undefined && !(Number.isFinite(options.learningRate) && options.learningRate > 0)) {
    throw new FlagError('--lr', `--lr must be a finite number > 0, got ${options.learningRate}`);
  }
  if (options.maskRatio !== undefined && !(options.maskRatio > 0 && options.maskRatio < 1)) {
    throw new FlagError('--mask-ratio', `--mask-ratio must be a number > 0 and < 1, got ${options.maskRatio}`);
  }
  if (options.mask !== undefined && !maskStrategies.includes(options.mask)) {
    throw new FlagError('--mask', `--mask must be one of ${maskStrategies.join(', ')}, got ${JSON.stringify(options.mask)}`);
  }
  if (options.preset !== undefined && !(options.preset in presets)) {
    throw new FlagError('--preset', `--preset must be one of ${Object.keys(presets).join(', ')}, got ${JSON.stringify(options.preset)}`);
  }
  for (const option of ['trainTypes', 'compressions'] as const) {
    const list = options[option];
    if (list !== undefined && (!Array.isArray(list) || list.length === 0 || list.some((item) => typeof item !== 'string' || item === ''))) {
      throw new FlagTypeError(flagNames[option], `${flagNames[option]} must be a comma-separated list of names, got ${JSON.stringify(list)}`);
    }
  }
}
