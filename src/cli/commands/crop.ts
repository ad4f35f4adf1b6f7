import type { CommandModule } from 'yargs';
import { cropDataset } from '../../prepare/crop-dataset.ts';
import type { NodeEpRequest } from '../../runtime-node/node-session.ts';
import { defaultMaxVideoPixels } from '../../runtime-node/video/sample-frames.ts';
import { autoEpOrder, epChoices } from '../ep-choices.ts';

interface CropArguments {
  input: string;
  out: string;
  model: string;
  ep: NodeEpRequest;
  frames: number;
  'max-video-pixels': number;
  'all-faces': boolean;
  force: boolean;
  'skip-bad': boolean;
  'image-root'?: string;
}

/** `ftd crop`: parses flags and calls `cropDataset`, then prints what it wrote. */
export const cropCommand: CommandModule<object, CropArguments> = {
  command: 'crop <input>',
  describe: 'Turn a dataset of photos and videos into face crops (a square 1.3 times each face box) and a CSV manifest that ftd train reads; resumable',
  builder: (yargs) =>
    yargs
      .positional('input', { type: 'string', demandOption: true, describe: 'real/ and fake/ folders of photos and videos (optionally under train/, val/, test/), or a CSV manifest (path,label[,video][,split][,type])' })
      .option('out', { type: 'string', demandOption: true, describe: 'Output folder: crops/ and faces.csv; run again with the same --out to continue a stopped run' })
      .option('model', { type: 'string', demandOption: true, describe: 'A model folder with a face graph (face.onnx, written by ftd export)' })
      .option('ep', { choices: epChoices, default: 'auto' as NodeEpRequest, describe: `onnxruntime-node execution provider for the face graph; ${autoEpOrder}` })
      .option('frames', { type: 'number', default: 32, describe: 'Frames sampled evenly from each video' })
      .option('max-video-pixels', { type: 'number', default: defaultMaxVideoPixels, describe: 'Refuse, before decoding, a video whose sampled frames hold more pixels than this together' })
      .option('all-faces', { type: 'boolean', default: false, describe: 'Crop every face of a frame; by default only the largest, as DeepfakeBench does (a fake video\'s other faces may be real)' })
      .option('force', { type: 'boolean', default: false, describe: 'Remove what an earlier run left in --out and start over' })
      .option('skip-bad', { type: 'boolean', default: false, describe: 'Skip photos and videos that cannot be decoded (listed at the end) instead of stopping' })
      .option('image-root', { type: 'string', describe: 'Folder that relative paths in a CSV start from [default: the CSV\'s]' }),
  handler: async (argv) => {
    const summary = await cropDataset({
      input: argv.input,
      out: argv.out,
      model: argv.model,
      ep: argv.ep,
      frames: argv.frames,
      maxVideoPixels: argv['max-video-pixels'],
      allFaces: argv['all-faces'],
      force: argv.force,
      skipBad: argv['skip-bad'],
      imageRoot: argv['image-root'],
      progress: process.stderr,
    });
    for (const { reason } of summary.bad) process.stderr.write(`skipped: ${reason}\n`);
    const resumed = summary.resumed > 0 ? ` (${summary.resumed} done by an earlier run)` : '';
    process.stdout.write(
      `${summary.sources} sources${resumed}, ${summary.frames} frames, ${summary.framesWithoutFace} without a face: ${summary.crops} crops in ${summary.manifest}` +
        `${summary.bad.length > 0 ? `, ${summary.bad.length} unreadable skipped` : ''}\n`,
    );
  },
};
