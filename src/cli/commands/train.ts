import type { CommandModule } from 'yargs';
import { backendRequests, type BackendRequest } from '../../training/backend/backend-choice.ts';
import { maskStrategies, type MaskStrategy } from '../../runtime-common/topk-mask.ts';
import { backboneArchitectures, outputStrides, presets, type BackboneArchitecture, type Preset } from '../../training/config.ts';
import type { ProgressMode } from '../../training/loop/progress.ts';
import { exitCodeFor } from '../../util/signal-exit-code.ts';
import { commaList } from '../comma-list.ts';

interface TrainArguments {
  data?: string;
  out: string;
  preset?: Preset['name'];
  epochs?: number;
  'steps-per-epoch'?: number;
  batch?: number;
  lr?: number;
  mask?: MaskStrategy;
  'mask-ratio'?: number;
  mixup?: boolean;
  backbone?: BackboneArchitecture;
  'student-backbone'?: BackboneArchitecture;
  'width-multiplier'?: number;
  'output-stride'?: number;
  init?: string;
  'init-teacher'?: string;
  'init-student'?: string;
  'init-non-strict'?: boolean;
  'train-types'?: string;
  compression?: string;
  seed?: number;
  backend: BackendRequest;
  resume: boolean;
  force: boolean;
  'skip-bad': boolean;
  progress: ProgressMode;
  exitCode?: number;
}

/** `ftd train`: parses flags and calls `train`; unset flags fall to the preset, or to run.json on --resume. */
export const trainCommand: CommandModule<object, TrainArguments> = {
  command: 'train',
  describe: 'Train a learning-to-mask detector; checkpoints go to --out after every epoch',
  builder: (yargs) =>
    yargs
      .option('data', { type: 'string', describe: 'Dataset folder or manifest (ftd synth, folders, CSV or DeepfakeBench JSON); default on --resume: the run\'s' })
      .option('out', { type: 'string', demandOption: true, describe: 'Run folder for checkpoint.safetensors and run.json' })
      .option('preset', { choices: Object.keys(presets) as Preset['name'][], describe: 'Model and training preset [default: small]' })
      .option('epochs', { type: 'number', describe: 'Epochs to train (on --resume: may extend the run)' })
      .option('steps-per-epoch', { type: 'number', describe: 'Steps per epoch; the learning rate decays after each epoch' })
      .option('batch', { type: 'number', describe: 'Images per step' })
      .option('lr', { type: 'number', describe: 'Initial learning rate (on --resume: replaces the run\'s from here on)' })
      .option('mask', { choices: maskStrategies, describe: 'Which feature positions the student loses: the most attended (high) is the method' })
      .option('mask-ratio', { type: 'number', describe: 'Fraction of feature positions masked' })
      .option('mixup', { type: 'boolean', describe: 'Deep feature mixup for the student\'s head (--no-mixup turns it off)' })
      .option('backbone', { choices: backboneArchitectures, describe: 'CNN of the teacher, and of the student unless --student-backbone [default: the preset\'s, xception]' })
      .option('student-backbone', { choices: backboneArchitectures, describe: 'CNN of the student when it differs from the teacher\'s (the paper\'s Table 5 pairs)' })
      .option('width-multiplier', { type: 'number', describe: 'Scales both backbones\' channels (1 = the published widths) [default: the preset\'s]' })
      .option('output-stride', { type: 'number', choices: outputStrides, describe: 'Input size / feature-map size of both backbones [default: the preset\'s]' })
      .option('init', { type: 'string', describe: 'ImageNet weights for both backbones: safetensors (torchvision resnet18/34, timm legacy_xception) or Keras\'s Xception h5' })
      .option('init-teacher', { type: 'string', describe: 'ImageNet weights for the teacher\'s backbone only' })
      .option('init-student', { type: 'string', describe: 'ImageNet weights for the student\'s backbone only' })
      .option('init-non-strict', { type: 'boolean', describe: 'Load the tensors of the --init files that fit and list the rest, instead of refusing a file that does not fit exactly' })
      .option('train-types', { type: 'string', describe: 'Comma-separated fake types to train on, e.g. swap (real images are always kept)' })
      .option('compression', { type: 'string', describe: 'Comma-separated compression levels to use, e.g. c23,c40' })
      .option('seed', { type: 'number', describe: 'Seeds weights, batch order, mixup and random masks' })
      .option('backend', { choices: backendRequests, default: 'auto' as BackendRequest, describe: 'tfjs back end; auto: tensorflow, then webgpu on a GPU, then wasm, then cpu' })
      .option('resume', { type: 'boolean', default: false, describe: 'Continue the run in --out from its checkpoint' })
      .option('force', { type: 'boolean', default: false, describe: 'Replace the run in --out' })
      .option('skip-bad', { type: 'boolean', default: false, describe: 'Skip unreadable images and manifest rows instead of failing' })
      .option('progress', { choices: ['auto', 'bar', 'lines', 'none'] as ProgressMode[], default: 'auto' as ProgressMode, describe: 'Progress display on stderr' }),
  handler: async (argv) => {
    // Loaded here so that other commands and --help do not pay for tfjs and the model.
    const { train } = await import('../../training/loop/train.ts');
    const result = await train({
      data: argv.data,
      out: argv.out,
      preset: argv.preset,
      epochs: argv.epochs,
      stepsPerEpoch: argv['steps-per-epoch'],
      batchSize: argv.batch,
      learningRate: argv.lr,
      mask: argv.mask,
      maskRatio: argv['mask-ratio'],
      mixup: argv.mixup,
      backbone: argv.backbone,
      studentBackbone: argv['student-backbone'],
      widthMultiplier: argv['width-multiplier'],
      outputStride: argv['output-stride'],
      init: argv.init,
      initTeacher: argv['init-teacher'],
      initStudent: argv['init-student'],
      initNonStrict: argv['init-non-strict'],
      trainTypes: commaList(argv['train-types']),
      compressions: commaList(argv.compression),
      seed: argv.seed,
      backend: argv.backend,
      resume: argv.resume,
      force: argv.force,
      skipBad: argv['skip-bad'],
      progress: argv.progress,
    });
    const last = result.metrics.at(-1)?.validation;
    const auc = last?.frameAuc == null ? '' : `; val frame AUC ${last.frameAuc.toFixed(4)}`;
    process.stdout.write(`${result.status} ${result.runDirectory} at step ${result.step} (epoch ${result.epoch})${auc}\n`);
    if (result.signal) argv.exitCode = exitCodeFor(result.signal);
  },
};
