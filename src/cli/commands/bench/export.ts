import type { CommandModule } from 'yargs';
import { benchmarkExport, formatExportBenchmark } from '../../../export/bench/export-benchmark.ts';
import { parseBatch } from '../../../export/export-options.ts';
import { createNodeSession } from '../../../runtime-node/node-session.ts';
import { backendRequests, type BackendRequest } from '../../../training/backend/backend-choice.ts';
import { emitJson, jsonDestination, jsonOption } from '../../json-flag.ts';

interface BenchExportArguments {
  run: string;
  batch: string;
  fused: boolean;
  images?: string[];
  backend: BackendRequest;
  threads: number;
  json?: string;
}

/** `ftd bench export`: parses flags and calls `benchmarkExport`; prints markdown tables. */
export const benchExportCommand: CommandModule<object, BenchExportArguments> = {
  command: 'export <run>',
  describe: 'Time ftd export (BatchNorm folded and kept), graph sizes, and max |onnxruntime-node cpu - tfjs| per output',
  builder: (yargs) =>
    yargs
      .positional('run', { type: 'string', demandOption: true, describe: 'Run folder written by ftd train' })
      .option('batch', { type: 'string', default: 'dynamic', describe: 'Batch dimension of the graphs: "dynamic" or a fixed size' })
      .option('fused', { type: 'boolean', default: false, describe: 'Also export and measure detector.onnx' })
      .option('images', { type: 'string', array: true, describe: 'Reference images [default: as ftd export]' })
      .option('backend', { choices: backendRequests, default: 'cpu' as BackendRequest, describe: 'tfjs back end for the reference outputs' })
      .option('threads', { type: 'number', default: 0, describe: 'onnxruntime cpu intra-op threads (0: one per core)' })
      .option('json', jsonOption('The measurements')),
  handler: async (argv) => {
    const json = await jsonDestination(argv.json);
    const measurements = await benchmarkExport({
      run: argv.run,
      batch: parseBatch(argv.batch),
      fused: argv.fused,
      images: argv.images,
      backend: argv.backend,
      createSession: (model) => createNodeSession(model, 'cpu', { threads: argv.threads }),
      log: (line) => void process.stderr.write(`${line}\n`),
    });
    await emitJson(json, measurements);
    if (!json.stdout) process.stdout.write(`${formatExportBenchmark(measurements)}\n`);
  },
};
