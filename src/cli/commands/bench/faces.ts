import type { CommandModule } from 'yargs';
import { benchFaces } from '../../../runtime-node/bench/faces/bench-faces.ts';
import { NODE_EPS } from '../../../runtime-node/node-session.ts';
import { commaList } from '../../comma-list.ts';
import { emitJson, jsonDestination, jsonOption } from '../../json-flag.ts';

interface BenchFacesArguments {
  model: string;
  photos?: string[];
  targets?: string;
  warmup: number;
  runs: number;
  'video-frames': number;
  json?: string;
}

/** `ftd bench faces`: parses flags and calls `benchFaces`; prints a markdown table and the video's line. */
export const benchFacesCommand: CommandModule<object, BenchFacesArguments> = {
  command: 'faces <model>',
  describe: 'Time whole photos (face detector + crop + forgery detector, faces per second) per runtime, and one minute of 720p video',
  builder: (yargs) =>
    yargs
      .positional('model', { type: 'string', demandOption: true, describe: 'Model folder written by ftd export (with face.onnx)' })
      .option('photos', { type: 'string', array: true, describe: 'Photo files [default: the sample photos of @vladmandic/face-api]' })
      .option('targets', { type: 'string', describe: `Comma-separated: ${NODE_EPS.map((ep) => `node-${ep}`).join(',')},web-wasm-<threads>t [default: the node EPs, web-wasm-1t, web-wasm-2t]` })
      .option('warmup', { type: 'number', default: 1, describe: 'Untimed passes over the photos' })
      .option('runs', { type: 'number', default: 3, describe: 'Timed passes over the photos' })
      .option('video-frames', { type: 'number', default: 16, describe: 'Frames sampled from a one-minute 720p video made from the first photo (ffmpeg), as ftd infer --frames; 0 skips it' })
      .option('json', jsonOption('The measurements')),
  handler: async (argv) => {
    const json = await jsonDestination(argv.json);
    const { table, ...measurements } = await benchFaces({
      model: argv.model,
      photos: argv.photos,
      targets: commaList(argv.targets),
      warmup: argv.warmup,
      runs: argv.runs,
      videoFrames: argv['video-frames'],
      json: json.file,
      log: (line) => void process.stderr.write(`${line}\n`),
    });
    if (json.stdout) await emitJson(json, measurements);
    else process.stdout.write(`${table}\n`);
  },
};
