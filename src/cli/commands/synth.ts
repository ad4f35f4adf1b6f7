import type { CommandModule } from 'yargs';
import { compressionNames } from '../../synth/compression.ts';
import { familyNames } from '../../synth/families/index.ts';
import { synthDefaults } from '../../synth/options.ts';
import { formatSynthSummary } from '../../synth/summary.ts';
import { writeSynthDataset } from '../../synth/write-dataset.ts';

interface SynthArguments {
  out: string;
  identities: number;
  videos: number;
  frames: number;
  size: number;
  seed: number;
  families: string;
  compression: string;
  preview: boolean;
  force: boolean;
}

/** `ftd synth`: parses flags and calls `writeSynthDataset`; progress to stderr, the summary to stdout. */
export const synthCommand: CommandModule<object, SynthArguments> = {
  command: 'synth',
  describe: 'Generate the synthetic face-forgery benchmark: rendered real faces and four paired manipulation families',
  builder: (yargs) =>
    yargs
      .option('out', { type: 'string', demandOption: true, describe: 'Folder to create (it appears whole when done)' })
      .option('identities', { type: 'number', default: synthDefaults.identities, describe: 'People; split 70/15/15 into train/val/test by person' })
      .option('videos', { type: 'number', default: synthDefaults.videos, describe: 'Videos per person (each its own set, light and source face)' })
      .option('frames', { type: 'number', default: synthDefaults.frames, describe: 'Frames per video' })
      .option('size', { type: 'number', default: synthDefaults.size, describe: 'Image side in pixels, a multiple of 8 from 32 to 256' })
      .option('seed', { type: 'number', default: synthDefaults.seed, describe: 'The same seed gives byte-identical files' })
      .option('families', { type: 'string', default: familyNames.join(','), describe: 'Manipulation families to make, comma-separated' })
      .option('compression', { type: 'string', default: compressionNames.join(','), describe: 'raw (PNG), c23 (light JPEG), c40 (heavy JPEG), comma-separated' })
      .option('preview', { type: 'boolean', default: false, describe: 'Also write preview.png: real frames beside each family\'s fakes' })
      .option('force', { type: 'boolean', default: false, describe: 'Replace --out if it exists and is not empty' }),
  handler: async (argv) => {
    const summary = await writeSynthDataset(
      {
        out: argv.out,
        identities: argv.identities,
        videos: argv.videos,
        frames: argv.frames,
        size: argv.size,
        seed: argv.seed,
        families: argv.families,
        compressions: argv.compression,
        preview: argv.preview,
        force: argv.force,
      },
      process.stderr,
    );
    process.stdout.write(formatSynthSummary(summary));
  },
};
