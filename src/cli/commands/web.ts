import type { CommandModule } from 'yargs';
import { serveWeb } from '../../runtime-node/web-server/serve-web.ts';

interface WebArguments {
  model: string;
  port: number;
  host: string;
}

/** `ftd web`: parses flags and calls `serveWeb`. */
export const webCommand: CommandModule<object, WebArguments> = {
  command: 'web <model>',
  describe: 'Serve the browser demo (onnxruntime-web, wasm or WebGPU) for a model folder: score, attention heat map and mask',
  builder: (yargs) =>
    yargs
      .positional('model', { type: 'string', demandOption: true, describe: 'Model folder written by ftd export' })
      .option('port', { type: 'number', default: 8080, describe: 'Port to listen on; 0 picks a free one' })
      .option('host', { type: 'string', default: '127.0.0.1', describe: 'Address to listen on (0.0.0.0 exposes the demo to the network)' }),
  handler: async (argv) => {
    await serveWeb({ model: argv.model, port: argv.port, host: argv.host, log: (line) => void process.stderr.write(`${line}\n`) });
  },
};
