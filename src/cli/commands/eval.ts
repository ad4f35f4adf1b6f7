import type { CommandModule } from 'yargs';
import { backendRequests, type BackendRequest } from '../../training/backend/backend-choice.ts';
import { splits, type Split } from '../../training/data/sample.ts';
import { commaList } from '../comma-list.ts';

interface EvalArguments {
  run: string;
  data?: string;
  split: Split;
  types?: string;
  compression?: string;
  batch: number;
  backend: BackendRequest;
  out?: string;
  'skip-bad': boolean;
  grid: number;
}

/** `ftd eval`: parses flags and calls `evaluateRun`; prints the metrics table. */
export const evalCommand: CommandModule<object, EvalArguments> = {
  command: 'eval <run>',
  describe: 'Evaluate a trained run on a split: AUC (frame, video), EER, AP, ACC per type and compression, ROC and attention PNGs',
  builder: (yargs) =>
    yargs
      .positional('run', { type: 'string', demandOption: true, describe: 'Run folder written by ftd train' })
      .option('data', { type: 'string', describe: 'Dataset folder or manifest [default: the one the run was trained on]' })
      .option('split', { choices: splits, default: 'test' as Split, describe: 'Which split to score' })
      .option('types', { type: 'string', describe: 'Comma-separated fake types to evaluate (real images are always kept)' })
      .option('compression', { type: 'string', describe: 'Comma-separated compression levels to evaluate, e.g. c23,c40' })
      .option('batch', { type: 'number', default: 64, describe: 'Images per inference batch' })
      .option('backend', { choices: backendRequests, default: 'auto' as BackendRequest, describe: 'tfjs back end; auto: tensorflow, then webgpu on a GPU, then wasm, then cpu' })
      .option('out', { type: 'string', describe: 'Folder for metrics.json, metrics.md, roc.png, attention.png, scores.csv [default: <run>/eval]' })
      .option('skip-bad', { type: 'boolean', default: false, describe: 'Skip unreadable images and manifest rows (listed in metrics.json) instead of failing' })
      .option('grid', { type: 'number', default: 16, describe: 'About this many faces in attention.png, spread over real and each fake type' }),
  handler: async (argv) => {
    // Loaded here so that other commands and --help do not pay for tfjs and the model.
    const { evaluateRun } = await import('../../training/eval/evaluate-run.ts');
    const result = await evaluateRun({
      run: argv.run,
      data: argv.data,
      split: argv.split,
      types: commaList(argv.types),
      compressions: commaList(argv.compression),
      batchSize: argv.batch,
      backend: argv.backend,
      out: argv.out,
      skipBad: argv['skip-bad'],
      grid: argv.grid,
      log: (line) => void process.stderr.write(`${line}\n`),
    });
    process.stdout.write(`${result.table}\n`);
  },
};
