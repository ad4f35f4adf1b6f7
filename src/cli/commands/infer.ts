import type { CommandModule } from 'yargs';
import { runInference } from '../../runtime-node/infer/run-inference.ts';
import { parseShard } from '../../runtime-node/infer/shard.ts';
import { mergeScoreFiles } from '../../training/eval/merge-score-files.ts';
import { FlagError } from '../../util/flag-error.ts';
import { UsageError } from '../usage-error.ts';
import type { NodeEpRequest } from '../../runtime-node/node-session.ts';
import { autoEpOrder, epChoices } from '../ep-choices.ts';
import { emitJson, jsonDestination, jsonOption } from '../json-flag.ts';
import { inferLines } from '../infer-lines.ts';
import { defaultMaxVideoPixels } from '../../runtime-node/video/sample-frames.ts';

interface InferArguments {
  model: string;
  images: string[];
  ep: NodeEpRequest;
  batch: number;
  json?: string;
  heatmaps?: string;
  fused: boolean;
  'skip-bad': boolean;
  shard?: string;
  out?: string;
  merge: boolean;
  labels?: string;
  faces?: boolean;
  frames: number;
  'max-video-pixels': number;
}

/**
 * `ftd infer`: parses flags and calls `runInference`, printing one line per image (or, with a bare --json, one
 * JSON document) on stdout; with --merge, calls `mergeScoreFiles` on the shards' score files instead.
 */
export const inferCommand: CommandModule<object, InferArguments> = {
  command: 'infer <model> [images..]',
  describe: 'Score images (files or folders) as fake or real with an exported model on onnxruntime-node',
  builder: (yargs) =>
    yargs
      .positional('model', { type: 'string', demandOption: true, describe: 'Model folder written by ftd export' })
      .positional('images', { type: 'string', array: true, default: [] as string[], describe: 'Image and video files, or folders walked for .jpg, .jpeg, .png, .webp and video files (with --merge: the positionals are the score files)' })
      .option('ep', { choices: epChoices, default: 'auto' as NodeEpRequest, describe: `onnxruntime-node execution provider; ${autoEpOrder}` })
      .option('batch', { type: 'number', default: 16, describe: 'Images per run of the graphs' })
      .option('json', jsonOption('Scores, EP and skipped images'))
      .option('heatmaps', { type: 'string', describe: 'Write a PNG per image: the teacher\'s attention over the face (over each face\'s crop, its box outlined, for a photo scored per face), masked positions outlined' })
      .option('fused', { type: 'boolean', default: false, describe: 'Run detector.onnx (one session, TopK in the graph) instead of teacher + student' })
      .option('skip-bad', { type: 'boolean', default: false, describe: 'Skip images that cannot be decoded (counted at the end) instead of stopping' })
      .option('shard', { type: 'string', describe: 'Score shard i/n of the inputs (0-based; by a hash of each path below the folder given, so shards never overlap)' })
      .option('out', { type: 'string', describe: 'Append one JSON line per image to FILE as it goes; run again with the same FILE to resume, skipping what it holds' })
      .option('merge', { type: 'boolean', default: false, describe: 'Combine the shards\' --out files given as positionals into one result (checks none is missing or overlaps)' })
      .option('faces', { type: 'boolean', describe: 'Score every face of a photo (detect, crop a square 1.3 times the face box, score the crop); the photo\'s verdict is its most fake face. Default: on for a picture larger than the model\'s input on either side (taken as a photo), off for one no larger (taken as a face crop already); --no-faces scores whole pictures' })
      .option('frames', { type: 'number', default: 16, describe: 'Frames sampled evenly from each video (.mp4, .mov, .m4v, .mkv, .webm, .avi; needs ffmpeg); a video\'s verdict is its most fake track of faces' })
      .option('max-video-pixels', { type: 'number', default: defaultMaxVideoPixels, describe: 'Refuse, before decoding, a video whose sampled frames hold more pixels than this together (width x height x --frames)' })
      .option('labels', { type: 'string', describe: 'With --merge: a dataset (folders or a manifest) that labels the images; prints AUC, EER, AP, ACC' }),
  handler: async (argv) => {
    const json = await jsonDestination(argv.json);
    if (argv.merge) return merge(argv, json);
    if (argv.labels !== undefined) throw new FlagError('--labels', '--labels goes with --merge (it labels the merged scores)');
    if (argv.images.length === 0) throw new UsageError('ftd infer needs images (files or folders) after the model folder, or --merge with score files');
    const lines = !json.stdout;
    const result = await runInference({
      model: argv.model,
      inputs: argv.images,
      ep: argv.ep,
      batch: argv.batch,
      fused: argv.fused,
      heatmaps: argv.heatmaps,
      skipBad: argv['skip-bad'],
      shard: argv.shard === undefined ? undefined : parseShard(argv.shard),
      out: argv.out,
      faces: argv.faces ?? 'auto',
      frames: argv.frames,
      maxVideoPixels: argv['max-video-pixels'],
      progress: process.stderr,
      onScore: lines ? (s) => void process.stdout.write(inferLines(s)) : undefined,
    });
    await emitJson(json, result);
    if (json.stdout) return;
    for (const { ep, reason } of result.skippedEps) process.stderr.write(`ep ${ep} not used: ${reason}\n`);
    for (const { reason } of result.badImages) process.stderr.write(`skipped: ${reason}\n`);
    const skipped = result.badImages.length > 0 ? `, ${result.badImages.length} unreadable skipped` : '';
    const shard = result.shard.count > 1 ? ` (shard ${result.shard.index}/${result.shard.count})` : '';
    const withoutFaces = result.scores.filter((score) => score.prob === null).length;
    const noFaces = withoutFaces > 0 ? `, ${withoutFaces} without a face` : '';
    const resumed = result.resumed > 0 ? `; ${result.resumed} already in ${argv.out}, skipped` : '';
    process.stderr.write(`${result.scores.length} images${shard} on ${result.ep}${result.fused ? ' (fused)' : ''} in ${result.seconds.toFixed(2)} s${noFaces}${skipped}${resumed}\n`);
  },
};

async function merge(argv: InferArguments, json: Awaited<ReturnType<typeof jsonDestination>>): Promise<void> {
  if (argv.shard !== undefined) throw new FlagError('--shard', '--shard picks the images to score; --merge combines score files already written');
  const result = await mergeScoreFiles({ files: [argv.model, ...argv.images], labels: argv.labels, out: argv.out });
  await emitJson(json, result);
  if (json.stdout) return;
  process.stdout.write(`merged ${result.shards} shard${result.shards === 1 ? '' : 's'} of ${result.model.name} (${result.model.id}): ${result.scores.length} images${argv.out ? `, written to ${argv.out}` : ''}\n`);
  const metrics = result.metrics;
  if (!metrics) return;
  const { counts } = metrics;
  process.stdout.write(
    `${metrics.labelled} labelled (${counts.real} real, ${counts.fake} fake, ${counts.videos} videos)${metrics.unlabelled > 0 ? `, ${metrics.unlabelled} not in ${argv.labels}` : ''}${metrics.withoutFaces > 0 ? `, ${metrics.withoutFaces} without a face left out` : ''}: ` +
      `frame AUC ${metrics.frameAuc.toFixed(4)}, video AUC ${metrics.videoAuc.toFixed(4)}, EER ${metrics.eer.toFixed(4)}, AP ${metrics.ap.toFixed(4)}, ACC ${metrics.acc.toFixed(4)}\n`,
  );
}
