import type { CommandModule } from 'yargs';
import { benchExportCommand } from './bench/export.ts';
import { benchFacesCommand } from './bench/faces.ts';
import { benchInferCommand } from './bench/infer.ts';
import { benchServeCommand } from './bench/serve.ts';
import { synthBenchCommand } from './bench/synth.ts';
import { benchTrainCommand } from './bench/train.ts';

/** `ftd bench <what>`: speed measurements. Each subcommand is a file in ./bench/ and is listed here. */
const subcommands: CommandModule<object, any>[] = [synthBenchCommand, benchInferCommand, benchFacesCommand, benchServeCommand, benchExportCommand, benchTrainCommand];

export const benchCommand: CommandModule = {
  command: 'bench <what>',
  describe: 'Measure speed (numbers for notes and regressions, never asserted in tests)',
  builder: (yargs) => yargs.command(subcommands as never).demandCommand(1, 'name what to benchmark'),
  handler: () => undefined,
};
