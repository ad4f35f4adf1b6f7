import type { CommandModule } from 'yargs';
import { benchInfer } from '../../../runtime-node/bench/bench-infer.ts';
import { NODE_EPS } from '../../../runtime-node/node-session.ts';
import { commaList } from '../../comma-list.ts';
import { emitJson, jsonDestination, jsonOption } from '../../json-flag.ts';

interface BenchInferArguments {
  model: string;
  targets?: string;
  'wasm-threads': string;
  'latency-batch': number;
  'throughput-batch': number;
  warmup: number;
  runs: number;
  json?: string;
}

/** `ftd bench infer`: parses flags and calls `benchInfer`; prints a markdown table. */
export const benchInferCommand: CommandModule<object, BenchInferArguments> = {
  command: 'infer <model>',
  describe: 'Time inference: latency and throughput per runtime, two sessions + mask against the fused graph',
  builder: (yargs) =>
    yargs
      .positional('model', { type: 'string', demandOption: true, describe: 'Model folder written by ftd export' })
      .option('targets', { type: 'string', describe: `Comma-separated: ${NODE_EPS.map((ep) => `node-${ep}`).join(',')},web-wasm-<threads>t,browser-wasm-<threads>t [default: the node EPs and web-wasm at --wasm-threads]` })
      .option('wasm-threads', { type: 'string', default: '1,2', describe: 'Thread counts for the web-wasm targets (each runs in its own process)' })
      .option('latency-batch', { type: 'number', default: 1, describe: 'Batch size for latency' })
      .option('throughput-batch', { type: 'number', default: 32, describe: 'Batch size for throughput' })
      .option('warmup', { type: 'number', default: 3, describe: 'Untimed runs before each measurement' })
      .option('runs', { type: 'number', default: 10, describe: 'Timed runs per measurement' })
      .option('json', jsonOption('The measurements')),
  handler: async (argv) => {
    const json = await jsonDestination(argv.json);
    const result = await benchInfer({
      model: argv.model,
      targets: commaList(argv.targets),
      wasmThreads: argv['wasm-threads'].split(',').map((t) => Number(t.trim())),
      latencyBatch: argv['latency-batch'],
      throughputBatch: argv['throughput-batch'],
      warmup: argv.warmup,
      runs: argv.runs,
      json: json.file,
      log: (line) => void process.stderr.write(`${line}\n`),
    });
    const { table, ...measurements } = result;
    if (json.stdout) await emitJson(json, measurements);
    else process.stdout.write(`${table}\n`);
  },
};
