import { cpus } from 'node:os';
import type { CommandModule } from 'yargs';
import { benchSynth } from '../../../synth/bench/bench-synth.ts';
import { emitJson, jsonDestination, jsonOption } from '../../json-flag.ts';

interface SynthBenchArguments {
  size: number;
  identities: number;
  videos: number;
  frames: number;
  compression: string;
  json?: string;
}

/** `ftd bench synth`: parses flags and calls `benchSynth`; prints images per second and how busy the machine was. */
export const synthBenchCommand: CommandModule<object, SynthBenchArguments> = {
  command: 'synth',
  describe: 'Images per second written by ftd synth (every image file counts), into a temporary folder',
  builder: (yargs) =>
    yargs
      .option('size', { type: 'number', default: 64, describe: 'Image side in pixels' })
      .option('identities', { type: 'number', default: 20, describe: 'People to generate' })
      .option('videos', { type: 'number', default: 2, describe: 'Videos per person' })
      .option('frames', { type: 'number', default: 8, describe: 'Frames per video' })
      .option('compression', { type: 'string', default: 'raw,c23,c40', describe: 'Compression levels, comma-separated' })
      .option('json', jsonOption('The measurement')),
  handler: async (argv) => {
    const json = await jsonDestination(argv.json);
    const result = await benchSynth(
      { size: argv.size, identities: argv.identities, videos: argv.videos, frames: argv.frames, compressions: argv.compression },
      process.stderr,
    );
    await emitJson(json, { ...result, cores: cpus().length });
    if (json.stdout) return;
    process.stdout.write(
      `synth ${result.size}px: ${result.images} images in ${result.seconds.toFixed(2)} s = ${result.imagesPerSecond.toFixed(0)} images/s ` +
        `(${cpus().length} cores; 1-minute load average ${result.loadBefore.toFixed(2)} before, ${result.loadAfter.toFixed(2)} after)\n`,
    );
  },
};
