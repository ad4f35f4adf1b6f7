import type { CommandModule } from 'yargs';
import { defaultPython } from '../../../training/bench/run-reference.ts';
import { benchTargets, referenceName } from '../../../training/bench/train-measurement.ts';
import { presets, type Preset } from '../../../training/config.ts';
import { commaList } from '../../comma-list.ts';
import { emitJson, jsonDestination, jsonOption } from '../../json-flag.ts';

interface BenchTrainArguments {
  preset: Preset['name'];
  backends: string;
  steps: number;
  warmup: number;
  batch?: number;
  python: string;
  cpuProf?: string;
  json?: string;
}

/** `ftd bench train`: parses flags and calls `benchTrain`; prints a markdown table. */
export const benchTrainCommand: CommandModule<object, BenchTrainArguments> = {
  command: 'train',
  describe: 'Images per second of a training step per tfjs back end against PyTorch on the same model, on synthetic batches (decoding not measured)',
  builder: (yargs) =>
    yargs
      .option('preset', { choices: Object.keys(presets) as Preset['name'][], default: 'small' as Preset['name'], describe: 'Model preset to train' })
      .option('backends', {
        type: 'string',
        default: `wasm,webgpu,cpu,${referenceName}`,
        describe: `Comma-separated, each timed in its own process: ${benchTargets.join(', ')} (${referenceName}: the same model in PyTorch, the reference every row is compared with)`,
      })
      .option('steps', { type: 'number', default: 5, describe: 'Timed steps per back end' })
      .option('warmup', { type: 'number', default: 2, describe: 'Untimed steps first (at least 1: the first compiles kernels)' })
      .option('batch', { type: 'number', describe: 'Images per step [default: the preset\'s]' })
      .option('python', { type: 'string', default: defaultPython, describe: `The Python with torch that runs the ${referenceName} row` })
      .option('cpu-prof', { type: 'string', describe: 'Profile each tfjs back end\'s process with node --cpu-prof into this folder and print its top self-time functions' })
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
      python: argv.python,
      cpuProfileDirectory: argv.cpuProf,
      json: json.file,
      log: (line) => void process.stderr.write(`${line}\n`),
    });
    // The document bench-train writes to a file: the rows, how busy the machine was, ratios and profiles.
    if (json.stdout) await emitJson(json, { rows: result.rows, machine: result.machine, vsTorch: result.vsTorch, profiles: result.profiles });
    else process.stdout.write(`${result.report}\n`);
  },
};
