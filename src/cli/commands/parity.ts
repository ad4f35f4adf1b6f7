import type { CommandModule } from 'yargs';
import { runParityGate } from '../../runtime-node/parity/gate.ts';
import { parseRuntimeNames } from '../../runtime-node/parity/runtime-names.ts';
import { PARITY_RUNTIME_NAMES } from '../../runtime-node/parity/runtime.ts';
import { emitJson, jsonDestination, jsonOption } from '../json-flag.ts';

interface ParityArguments {
  model: string;
  runtimes?: string;
  json?: string;
  fused: boolean;
  exitCode?: number;
}

/** `ftd parity`: parses flags and calls `runParityGate`; exit 0 when every runtime matches, 1 otherwise. */
export const parityCommand: CommandModule<object, ParityArguments> = {
  command: 'parity <model>',
  describe: 'Check that each runtime reproduces the model folder\'s reference outputs (test_data_set_0) within tolerance',
  builder: (yargs) =>
    yargs
      .positional('model', { type: 'string', demandOption: true, describe: 'Model folder written by ftd export' })
      .option('runtimes', { type: 'string', describe: `Comma-separated runtimes that must pass: ${PARITY_RUNTIME_NAMES.join(',')} [default: every one available here]` })
      .option('json', jsonOption('The full result (per output: max abs/rel diff, first bad index, samples)'))
      .option('fused', { type: 'boolean', default: false, describe: 'Check detector.onnx (TopK in the graph) instead of teacher + student' }),
  handler: async (argv) => {
    const json = await jsonDestination(argv.json);
    const runtimes = argv.runtimes === undefined ? undefined : parseRuntimeNames(argv.runtimes);
    const result = await runParityGate({
      model: argv.model,
      runtimes,
      fused: argv.fused,
      json: json.file,
      log: (line) => void process.stderr.write(`${line}\n`),
    });
    const { table, ...report } = result;
    if (json.stdout) await emitJson(json, report);
    else process.stdout.write(`${table}\n`);
    argv.exitCode = result.pass ? 0 : 1;
  },
};
