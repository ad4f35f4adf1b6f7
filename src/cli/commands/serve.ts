import type { CommandModule } from 'yargs';
import type { NodeEpRequest } from '../../runtime-node/node-session.ts';
import { SERVE_DEFAULTS } from '../../serve/serve-options.ts';
import { serveUntilSignal } from '../../serve/serve-until-signal.ts';
import { autoEpOrder, epChoices } from '../ep-choices.ts';

interface ServeArguments {
  model: string;
  host: string;
  port: number;
  ep: NodeEpRequest;
  threads: number;
  'decode-threads': number;
  'max-batch': number;
  'max-wait-ms': number;
  'always-wait': boolean;
  'max-queue': number;
  'max-body-bytes': number;
  'max-pixels': number;
  'max-faces': number;
  'timeout-ms': number;
  watch: boolean;
  attention: boolean;
  'model-name': string;
}

/** `ftd serve`: parses flags and calls `serveUntilSignal`; prints the bound address on stdout, events on stderr. */
export const serveCommand: CommandModule<object, ServeArguments> = {
  command: 'serve <model>',
  describe: 'Serve an exported model over HTTP (POST /v1/detect, ?faces=1 for whole photos, the Open Inference Protocol under /v2, /healthz, /metrics) with micro-batching; SIGTERM drains',
  builder: (yargs) =>
    yargs
      .positional('model', { type: 'string', demandOption: true, describe: 'Model folder written by ftd export' })
      .option('host', { type: 'string', default: SERVE_DEFAULTS.host, describe: 'Address to listen on (0.0.0.0 for every interface)' })
      .option('port', { type: 'number', default: SERVE_DEFAULTS.port, describe: 'Port; 0 picks a free one (the address is printed)' })
      .option('ep', { choices: epChoices, default: SERVE_DEFAULTS.ep as NodeEpRequest, describe: `onnxruntime-node execution provider; ${autoEpOrder}` })
      .option('threads', { type: 'number', default: SERVE_DEFAULTS.threads, describe: 'Intra-op threads for the cpu EP; 0: one per core' })
      .option('decode-threads', { type: 'number', default: SERVE_DEFAULTS.decodeThreads, describe: 'Threads that decode and resize uploads; 0: on the HTTP thread' })
      .option('max-batch', { type: 'number', default: SERVE_DEFAULTS.maxBatch, describe: 'Images per session run (also the most per multipart request)' })
      .option('max-wait-ms', { type: 'number', default: SERVE_DEFAULTS.maxWaitMs, describe: 'Longest wait of the first queued image for requests still being read and decoded before its batch runs' })
      .option('always-wait', { type: 'boolean', default: SERVE_DEFAULTS.alwaysWait, describe: 'Wait --max-wait-ms for company even when no other request is arriving (fuller batches on a GPU)' })
      .option('max-queue', { type: 'number', default: SERVE_DEFAULTS.maxQueue, describe: 'Images waiting beyond which requests get 503 with Retry-After' })
      .option('max-body-bytes', { type: 'number', default: SERVE_DEFAULTS.maxBodyBytes, describe: 'Largest request body (413 beyond)' })
      .option('max-pixels', { type: 'number', default: SERVE_DEFAULTS.maxPixels, describe: 'Largest image, width x height, read from its header before decoding (413 beyond)' })
      .option('max-faces', { type: 'number', default: SERVE_DEFAULTS.maxFaces, describe: 'Faces scored per photo with ?faces=1, highest detector score first (the reply counts all it found)' })
      .option('timeout-ms', { type: 'number', default: SERVE_DEFAULTS.timeoutMs, describe: 'Per-request limit from arrival to result (504 beyond)' })
      .option('watch', { type: 'boolean', default: false, describe: 'Reload when a new export is copied into the folder; it serves only after passing its self-check' })
      .option('attention', { type: 'boolean', default: false, describe: 'Allow ?attention=1 (and the attention and mask outputs over /v2): replies carry the teacher\'s attention and the mask' })
      .option('model-name', { type: 'string', default: SERVE_DEFAULTS.modelName, describe: 'Name of the model in the Open Inference Protocol routes (/v2/models/{name}) [default: model.json\'s name]' }),
  handler: async (argv) => {
    await serveUntilSignal({
      model: argv.model,
      host: argv.host,
      port: argv.port,
      ep: argv.ep,
      threads: argv.threads,
      decodeThreads: argv['decode-threads'],
      maxBatch: argv['max-batch'],
      maxWaitMs: argv['max-wait-ms'],
      alwaysWait: argv['always-wait'],
      maxQueue: argv['max-queue'],
      maxBodyBytes: argv['max-body-bytes'],
      maxPixels: argv['max-pixels'],
      maxFaces: argv['max-faces'],
      timeoutMs: argv['timeout-ms'],
      watch: argv.watch,
      attention: argv.attention,
      modelName: argv['model-name'],
      log: (line) => void process.stderr.write(`${new Date().toISOString()} ${line}\n`),
      onListening: (server) => void process.stdout.write(`listening on ${server.address}\n`),
    });
  },
};
