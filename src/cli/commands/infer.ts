import type { CommandModule } from 'yargs';
import { runInference } from '../../runtime-node/infer/run-inference.ts';
import type { NodeEpRequest } from '../../runtime-node/node-session.ts';
import { autoEpOrder, epChoices } from '../ep-choices.ts';
import { emitJson, jsonDestination, jsonOption } from '../json-flag.ts';

interface InferArguments {
  model: string;
  images: string[];
  ep: NodeEpRequest;
  batch: number;
  json?: string;
  heatmaps?: string;
  fused: boolean;
  'skip-bad': boolean;
}

/** `ftd infer`: parses flags and calls `runInference`; prints one line per image (or, with a bare --json, one JSON document) on stdout. */
export const inferCommand: CommandModule<object, InferArguments> = {
  command: 'infer <model> <images..>',
  describe: 'Score images (files or folders) as fake or real with an exported model on onnxruntime-node',
  builder: (yargs) =>
    yargs
      .positional('model', { type: 'string', demandOption: true, describe: 'Model folder written by ftd export' })
      .positional('images', { type: 'string', array: true, demandOption: true, describe: 'Image files, or folders walked for .jpg, .jpeg, .png, .webp' })
      .option('ep', { choices: epChoices, default: 'auto' as NodeEpRequest, describe: `onnxruntime-node execution provider; ${autoEpOrder}` })
      .option('batch', { type: 'number', default: 16, describe: 'Images per run of the graphs' })
      .option('json', jsonOption('Scores, EP and skipped images'))
      .option('heatmaps', { type: 'string', describe: 'Write a PNG per image: the teacher\'s attention over the face, masked positions outlined' })
      .option('fused', { type: 'boolean', default: false, describe: 'Run detector.onnx (one session, TopK in the graph) instead of teacher + student' })
      .option('skip-bad', { type: 'boolean', default: false, describe: 'Skip images that cannot be decoded (counted at the end) instead of stopping' }),
  handler: async (argv) => {
    const json = await jsonDestination(argv.json);
    const lines = !json.stdout;
    const result = await runInference({
      model: argv.model,
      inputs: argv.images,
      ep: argv.ep,
      batch: argv.batch,
      fused: argv.fused,
      heatmaps: argv.heatmaps,
      skipBad: argv['skip-bad'],
      onScore: lines ? (s) => void process.stdout.write(`${s.prob.toFixed(6)}  ${s.label.padEnd(4)}  ${s.path}\n`) : undefined,
    });
    await emitJson(json, result);
    if (json.stdout) return;
    for (const { ep, reason } of result.skippedEps) process.stderr.write(`ep ${ep} not used: ${reason}\n`);
    for (const { reason } of result.badImages) process.stderr.write(`skipped: ${reason}\n`);
    const skipped = result.badImages.length > 0 ? `, ${result.badImages.length} unreadable skipped` : '';
    process.stderr.write(`${result.scores.length} images on ${result.ep}${result.fused ? ' (fused)' : ''} in ${result.seconds.toFixed(2)} s${skipped}\n`);
  },
};
