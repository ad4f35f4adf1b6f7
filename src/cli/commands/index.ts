import type { CommandModule } from 'yargs';
import { benchCommand } from './bench.ts';
import { cropCommand } from './crop.ts';
import { datasetCommand } from './dataset.ts';
import { exportCommand } from './export.ts';
import { inferCommand } from './infer.ts';
import { parityCommand } from './parity.ts';
import { serveCommand } from './serve.ts';
import { webCommand } from './web.ts';
import { calibrateCommand } from './calibrate.ts';
import { synthCommand } from './synth.ts';
import { trainCommand } from './train.ts';
import { evalCommand } from './eval.ts';
import { experimentCommand } from './experiment.ts';

/** Every `ftd` command, in the order `ftd --help` lists them. One file per command in this folder. */
export const commands: CommandModule<object, any>[] = [benchCommand, datasetCommand, cropCommand, trainCommand, evalCommand, experimentCommand, exportCommand, synthCommand, calibrateCommand, inferCommand, parityCommand, serveCommand, webCommand];
