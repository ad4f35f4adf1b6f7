import type { CommandModule } from 'yargs';
import { datasetFormats, type DatasetFormat } from '../../training/data/detect-format.ts';
import { inspectDataset } from '../../training/data/inspect-dataset.ts';

interface DatasetArguments {
  path: string;
  format: 'auto' | DatasetFormat;
  'image-root'?: string;
  'check-images': boolean;
  'skip-bad': boolean;
  exitCode?: number;
}

/** `ftd dataset <path>`: parses flags and calls `inspectDataset`; exits 1 when rows or images are bad. */
export const datasetCommand: CommandModule<object, DatasetArguments> = {
  command: 'dataset <path>',
  describe: 'Show how a dataset is read (format, counts by label, type, split) and optionally check every image decodes',
  builder: (yargs) =>
    yargs
      .positional('path', { type: 'string', demandOption: true, describe: 'Dataset folder, .csv manifest or DeepfakeBench .json' })
      .option('format', { choices: ['auto', ...datasetFormats] as Array<'auto' | DatasetFormat>, default: 'auto' as const, describe: 'Layout to read; auto chooses from the path' })
      .option('image-root', { type: 'string', describe: 'Folder that relative paths in a CSV or DeepfakeBench manifest start from [default: the manifest\'s]' })
      .option('check-images', { type: 'boolean', default: false, describe: 'Decode every image and list those that fail' })
      .option('skip-bad', { type: 'boolean', default: false, describe: 'List bad manifest rows instead of stopping at the first' }),
  handler: async (argv) => {
    const { report, problems } = await inspectDataset(argv.path, {
      format: argv.format,
      imageRoot: argv['image-root'],
      checkImages: argv['check-images'],
      skipBad: argv['skip-bad'],
    });
    process.stdout.write(`${report}\n`);
    argv.exitCode = problems > 0 ? 1 : 0;
  },
};
