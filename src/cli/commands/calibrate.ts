import type { CommandModule } from 'yargs';
import { calibrateSynth, formatCalibrationMatrix } from '../../synth/calibrate.ts';

interface CalibrateArguments {
  data: string;
  compression: string;
  out?: string;
}

/** `ftd calibrate`: parses flags and calls `calibrateSynth`; prints the AUC matrix as markdown. */
export const calibrateCommand: CommandModule<object, CalibrateArguments> = {
  command: 'calibrate',
  describe: 'Check a synthetic dataset can measure generalisation: train a fixed-feature baseline per family, test on every family',
  builder: (yargs) =>
    yargs
      .option('data', { type: 'string', demandOption: true, describe: 'Folder written by ftd synth' })
      .option('compression', { type: 'string', default: 'c23', describe: 'Compression level whose files are used: raw, c23 or c40' })
      .option('out', { type: 'string', describe: 'JSON file for the matrix [default: <data>/calibration-<compression>.json]' }),
  handler: async (argv) => {
    const { result, path } = await calibrateSynth({ data: argv.data, compression: argv.compression, out: argv.out }, process.stderr);
    process.stdout.write(`${formatCalibrationMatrix(result)}wrote ${path}\n`);
  },
};
