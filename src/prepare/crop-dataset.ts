import { rm } from 'node:fs/promises';
import { extname, isAbsolute, join, relative, sep } from 'node:path';
import { faceMargin } from '../runtime-common/faces/crop-rule.ts';
import { readManifest } from '../runtime-common/open-detector.ts';
import { fileModelSource } from '../runtime-node/file-model-source.ts';
import { VIDEO_EXTENSIONS } from '../runtime-node/infer/list-images.ts';
import type { NodeEpRequest } from '../runtime-node/node-session.ts';
import { openNodeFaceFinder } from '../runtime-node/open-node-face-finder.ts';
import { defaultMaxVideoPixels } from '../runtime-node/video/sample-frames.ts';
import { imageExtensions } from '../training/data/folder-layout.ts';
import { openDataset } from '../training/data/open-dataset.ts';
import { writeFileAtomic } from '../util/atomic.ts';
import { FlagError } from '../util/flag-error.ts';
import type { ProgressStream } from '../util/progress-bar.ts';
import { CropProgress } from './crop-progress.ts';
import { cropManifestText, type CropRow } from './crop-rows.ts';
import { claimOutputFolder } from './crop-settings.ts';
import { cropSource, finishedSource } from './crop-source.ts';

export interface CropOptions {
  /** A dataset: real/ and fake/ folders (photos and videos), or a CSV manifest. */
  readonly input: string;
  readonly out: string;
  /** A model folder with a face graph (face.onnx). */
  readonly model: string;
  readonly ep?: NodeEpRequest;
  /** Frames sampled evenly from each video (DeepfakeBench samples 32). */
  readonly frames?: number;
  readonly maxVideoPixels?: number;
  readonly allFaces?: boolean;
  /** Start over: remove what an earlier run left in `out`. */
  readonly force?: boolean;
  /** Skip sources that cannot be decoded (listed in the result) instead of stopping. */
  readonly skipBad?: boolean;
  readonly imageRoot?: string;
  readonly progress?: ProgressStream;
}

export interface CropSummary {
  /** The CSV manifest training reads (`ftd train --data <it>`). */
  readonly manifest: string;
  readonly sources: number;
  /** Sources an earlier run had finished. */
  readonly resumed: number;
  readonly frames: number;
  readonly framesWithoutFace: number;
  readonly crops: number;
  readonly bad: ReadonlyArray<{ path: string; reason: string }>;
}

/** The crops' manifest, in the output folder. */
export const cropManifestFile = 'faces.csv';

/**
 * `ftd crop`: every photo and video of a dataset -> its faces by the model's face graph -> crops by the crop
 * rule, one folder per source, then a CSV manifest of the crops with each source's label, video, split and
 * type. Resumable: each source's folder is published whole, and a rerun skips the finished ones.
 */
export async function cropDataset(options: CropOptions): Promise<CropSummary> {
  const frames = options.frames ?? 32;
  if (!Number.isInteger(frames) || frames < 1) throw new FlagError('--frames', `--frames must be a positive integer, found ${frames}`);
  const maxVideoPixels = options.maxVideoPixels ?? defaultMaxVideoPixels;
  const manifest = await readManifest(fileModelSource(options.model));
  if (!manifest.graphs.face) throw new FlagError('--model', `--model ${options.model} has no face graph (graphs.face in model.json); export the model again with this ftd to get face.onnx`);
  const dataset = await openDataset(options.input, { extensions: [...imageExtensions, ...VIDEO_EXTENSIONS], imageRoot: options.imageRoot, skipBad: options.skipBad });
  if (options.force) await rm(options.out, { recursive: true, force: true });
  await claimOutputFolder(options.out, { format: 'ftd-crops', version: 1, margin: faceMargin, frames, allFaces: options.allFaces ?? false, faceGraph: manifest.graphs.face.sha256 });
  const finder = (await openNodeFaceFinder(options.model, options.ep ?? 'auto'))!;
  const progress = new CropProgress(options.progress, dataset.samples.length);
  const rows: CropRow[] = [];
  const bad: Array<{ path: string; reason: string }> = [];
  let [resumed, frameCount, framesWithoutFace] = [0, 0, 0];
  try {
    for (const sample of dataset.samples) {
      const key = sourceKey(dataset.root, sample.path);
      const folder = join(options.out, 'crops', ...key.split('/'));
      let record = await finishedSource(folder);
      if (record) resumed++;
      else {
        const video = VIDEO_EXTENSIONS.has(extname(sample.path).toLowerCase());
        try {
          record = await cropSource(sample.path, folder, finder, { video, frames, maxVideoPixels, allFaces: options.allFaces ?? false });
        } catch (error) {
          if (!options.skipBad || !(error instanceof TypeError)) throw error;
          bad.push({ path: sample.path, reason: error.message });
          progress.advance(frameCount, framesWithoutFace);
          continue;
        }
      }
      frameCount += record.frames;
      framesWithoutFace += record.framesWithoutFace;
      const { label, video, type } = sample;
      for (const crop of record.crops) rows.push({ path: `crops/${key}/${crop}`, label, video, type, split: sample.split ?? '', compression: sample.compression ?? '' });
      progress.advance(frameCount, framesWithoutFace);
    }
  } finally {
    progress.stop();
    await finder.release();
  }
  const manifestPath = join(options.out, cropManifestFile);
  await writeFileAtomic(manifestPath, cropManifestText(rows));
  return { manifest: manifestPath, sources: dataset.samples.length, resumed, frames: frameCount, framesWithoutFace, crops: rows.length, bad };
}

/** A source's path below the dataset's folder, '/'-separated; one outside it (a CSV may point anywhere) by its full path. */
function sourceKey(root: string, path: string): string {
  const below = relative(root, path);
  const key = below.startsWith('..') || isAbsolute(below) ? join('outside', path) : below;
  return key.split(sep).filter((part) => part !== '').join('/');
}
