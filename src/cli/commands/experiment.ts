import type { CommandModule } from 'yargs';
import type { ProgressMode } from '../../training/loop/progress.ts';
import { exitCodeFor } from '../../util/signal-exit-code.ts';

interface ExperimentArguments {
  grid: string;
  out: string;
  force: boolean;
  progress: ProgressMode;
  exitCode?: number;
}

/** `ftd experiment`: parses flags and calls `runExperiment`; prints results.md when the grid is done. */
export const experimentCommand: CommandModule<object, ExperimentArguments> = {
  command: 'experiment <grid>',
  describe: 'Train and evaluate a grid of runs from one JSON file (configurations x train types x seeds), resumably, and ' +
    'aggregate AUC per test family over seeds with 95% Student t intervals and paired differences from a baseline',
  builder: (yargs) =>
    yargs
      .positional('grid', { type: 'string', demandOption: true, describe: 'Grid file (JSON): data, train flags, axes or configurations, train-types, seeds, baseline; see docs/experiment.md' })
      .option('out', { type: 'string', demandOption: true, describe: 'Folder for runs/<configuration>/train-<types>/seed-<s>/ and results.json, results.md, results.png' })
      .option('force', { type: 'boolean', default: false, describe: 'Retrain runs in --out whose settings differ from the grid file\'s (otherwise an error names them)' })
      .option('progress', { choices: ['auto', 'bar', 'lines', 'none'] as ProgressMode[], default: 'auto' as ProgressMode, describe: 'Training progress display on stderr' })
      .example('$0 experiment experiments/table3-mask.json --out results/table3', 'Table 3 analogue: mask high, low, random, none; run it again after a stop to continue'),
  handler: async (argv) => {
    // Loaded here so that other commands and --help do not pay for tfjs and the model.
    const { runExperiment } = await import('../../experiment/run-experiment.ts');
    const result = await runExperiment({ grid: argv.grid, out: argv.out, force: argv.force, progress: argv.progress });
    if (result.status === 'finished') process.stdout.write(result.markdown);
    if (result.signal) argv.exitCode = exitCodeFor(result.signal);
  },
};
