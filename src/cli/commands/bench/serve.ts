import type { CommandModule } from 'yargs';
import type { NodeEpRequest } from '../../../runtime-node/node-session.ts';
import { benchServe } from '../../../serve/bench/bench-serve.ts';
import type { BenchProtocol } from '../../../serve/bench/protocol-requests.ts';
import { epChoices } from '../../ep-choices.ts';
import { emitJson, jsonDestination, jsonOption } from '../../json-flag.ts';

interface BenchServeArguments {
  model: string;
  images?: string[];
  ep: NodeEpRequest;
  threads: number;
  'decode-threads'?: number;
  concurrency: string;
  protocols: string;
  shards: number;
  'shard-images': number;
  requests: number;
  seconds: number;
  'max-batch': number;
  'max-wait-ms': number;
  'always-wait': boolean;
  'raw-warmup': number;
  'raw-runs': number;
  json?: string;
}

/** `ftd bench serve`: parses flags and calls `benchServe`; prints a markdown table. */
export const benchServeCommand: CommandModule<object, BenchServeArguments> = {
  command: 'serve <model>',
  describe: 'Load-test ftd serve on 127.0.0.1 (/v1/detect and the Open Inference Protocol): throughput and p50/p99 latency per concurrency, against the Detector run directly; sharded vs unsharded ftd infer',
  builder: (yargs) =>
    yargs
      .positional('model', { type: 'string', demandOption: true, describe: 'Model folder written by ftd export' })
      .option('images', { type: 'string', array: true, describe: 'Image files or folders to post [default: the model\'s reference images as PNG]' })
      .option('ep', { choices: epChoices, default: 'auto' as NodeEpRequest, describe: 'Execution provider of the server (and of the raw measurement)' })
      .option('threads', { type: 'number', default: 0, describe: 'Intra-op threads for the cpu EP; 0: one per core' })
      .option('decode-threads', { type: 'number', describe: 'The server\'s --decode-threads [default: the server\'s]' })
      .option('concurrency', { type: 'string', default: '1,8,64', describe: 'Comma-separated numbers of concurrent clients, one run each' })
      .option('protocols', { type: 'string', default: 'detect,oip-json,oip-binary', describe: 'Comma-separated request forms: /v1/detect, the Open Inference Protocol in JSON, and in Triton\'s binary framing' })
      .option('shards', { type: 'number', default: 4, describe: 'Shards of the sharded-scoring measurement (ftd infer --shard, one after another vs one run); 0 skips it' })
      .option('shard-images', { type: 'number', default: 512, describe: 'Images the sharded-scoring measurement scores' })
      .option('requests', { type: 'number', default: 2000, describe: 'Timed requests per run' })
      .option('seconds', { type: 'number', default: 15, describe: 'Time limit per run' })
      .option('max-batch', { type: 'number', default: 32, describe: 'The server\'s --max-batch' })
      .option('max-wait-ms', { type: 'number', default: 5, describe: 'The server\'s --max-wait-ms' })
      .option('always-wait', { type: 'boolean', default: false, describe: 'The server\'s --always-wait' })
      .option('raw-warmup', { type: 'number', default: 3, describe: 'Untimed runs before each raw Detector measurement' })
      .option('raw-runs', { type: 'number', default: 50, describe: 'Timed runs per raw Detector measurement' })
      .option('json', jsonOption('The measurements')),
  handler: async (argv) => {
    const json = await jsonDestination(argv.json);
    const result = await benchServe({
      model: argv.model,
      images: argv.images,
      ep: argv.ep,
      threads: argv.threads,
      decodeThreads: argv['decode-threads'],
      concurrency: argv.concurrency.split(',').map((c) => Number(c.trim())),
      protocols: argv.protocols.split(',').map((p) => p.trim()) as BenchProtocol[],
      shards: argv.shards,
      shardImages: argv['shard-images'],
      requests: argv.requests,
      seconds: argv.seconds,
      maxBatch: argv['max-batch'],
      maxWaitMs: argv['max-wait-ms'],
      alwaysWait: argv['always-wait'],
      rawWarmup: argv['raw-warmup'],
      rawRuns: argv['raw-runs'],
      json: json.file,
      log: (line) => void process.stderr.write(`${line}\n`),
    });
    const { table, ...measurements } = result;
    if (json.stdout) await emitJson(json, measurements);
    else process.stdout.write(`${table}\n`);
  },
};
