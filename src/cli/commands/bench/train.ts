import type { CommandModule } from 'yargs';
import { backendNames } from '../../../training/backend/backend-choice.ts';
import { presets, type Preset } from '../../../training/config.ts';
import { commaList } from '../../comma-list.ts';
import { emitJson, jsonDestination, jsonOption } from '../../json-flag.ts';

interface BenchTrainArguments {
  preset: Preset['name'];
  backends: string;
  steps: number;
  warmup: number;
  batch?: number;
  json?: string;
}

/** `ftd bench train`: parses flags and calls `benchTrain`; prints a markdown table. */
export const benchTrainCommand: CommandModule<object, BenchTrainArguments> = {
  command: 'train',
  describe: 'Images per second of a training step per tfjs back end, on synthetic batches (decoding not measured)',
  builder: (yargs) =>
    yargs
      .option('preset', { choices: Object.keys(presets) as Preset['name'][], default: 'small' as Preset['name'], describe: 'Model preset to train' })
      .option('backends', { type: 'string', default: 'webgpu,cpu', describe: `Comma-separated, each timed in its own process: ${backendNames.join(', ')}` })
      .option('steps', { type: 'number', default: 5, describe: 'Timed steps per back end' })
      .option('warmup', { type: 'number', default: 2, describe: 'Untimed steps first (at least 1: the first compiles kernels)' })
      .option('batch', { type: 'number', describe: 'Images per step [default: the preset\'s]' })
      .option('json', jsonOption('The measurements')),
  handler: async (argv) => {
    const json = await jsonDestination(argv.json);
    const { benchTrain } = await import('../../../training/bench/bench-train.ts');
    const result = await benchTrain({
      preset: argv.preset,
      backends: commaList(argv.backends)!,
      steps: argv.steps,
      warmup: argv.warmup,
      batchSize: argv.batch,
      json: json.file,
      log: (line) => void process.stderr.write(`${line}\n`),
    });
    // The document bench-train writes to a file: the rows and how busy the machine was.
    if (json.stdout) await emitJson(json, { rows: result.rows, machine: result.machine });
    else process.stdout.write(`${result.table}\n`);
  },
};
