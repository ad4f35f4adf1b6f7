import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { resizeToSquare, toNchw, type DecodedImage } from '../../runtime-common/preprocess.ts';
import type { NodeEp, NodeEpRequest } from '../node-session.ts';
import { openNodeDetector } from '../open-node-detector.ts';
import { openNodeFaceFinder } from '../open-node-face-finder.ts';
import { decodeImage } from './decode-image.ts';
import { heatmapNames, writeHeatmap } from './heatmap-files.ts';
import { renderHeatmap, renderOverlays, type RgbImage } from './heatmap.ts';
import { listInputEntries } from './list-images.ts';
import type { FaceFinder } from '../../runtime-common/faces/face-finder.ts';
import { scoreFaces } from '../../runtime-common/faces/score-faces.ts';
import { scoreVideo } from '../video/score-video.ts';
import { defaultMaxVideoPixels } from '../video/sample-frames.ts';
import { photoVerdict, scoresFaces, verdictOf, videoVerdict, type FacesMode } from './faces-mode.ts';
import { VideoProgress } from './video-progress.ts';
import type { ProgressStream } from '../../util/progress-bar.ts';
import { FlagError } from '../../util/flag-error.ts';
import { SCORE_FILE_FORMAT, SCORE_FILE_VERSION, type ScoreFileHeader, type ScoreLine, type Shard } from '../../runtime-common/score-lines.ts';
import { modelIdOf } from '../../runtime-common/model-id.ts';
import { sha256Hex } from '../../runtime-common/sha256.ts';
import { openScoreFile, type ScoreFile } from './score-file.ts';
import { inShard } from './shard.ts';

export interface InferOptions {
  /** A model folder written by `ftd export`. */
  readonly model: string;
  /** Image files and folders (walked recursively for .jpg, .jpeg, .png, .webp). */
  readonly inputs: readonly string[];
  readonly ep?: NodeEpRequest;
  /** Images per run of the graphs. */
  readonly batch?: number;
  /** Use detector.onnx (one session) instead of teacher + student. */
  readonly fused?: boolean;
  /** Write one attention heat-map PNG per image into this folder. */
  readonly heatmaps?: string;
  /** Skip images that cannot be decoded (they are listed in the result) instead of failing on the first. */
  readonly skipBad?: boolean;
  /** Score only this shard of the inputs (by a hash of each image's key); default all of them. */
  readonly shard?: Shard;
  /** Append one JSON line per image to this file as it goes; an existing file of the same run is resumed. */
  readonly out?: string;
  /** Called as each image is scored, in input order, so long runs can print as they go. */
  readonly onScore?: (score: ImageScore) => void;
  /** Score photos per face: always, never, or (auto, the default) those larger than the model's input. */
  readonly faces?: FacesMode;
  /** The face finder to use; without one, the model folder's face graph. */
  readonly faceFinder?: FaceFinder;
  /** Frames sampled evenly from each video (default 16). */
  readonly frames?: number;
  /** The most pixels a video's sampled frames may hold together, checked before decoding. */
  readonly maxVideoPixels?: number;
  /** Where the per-video progress bar goes (a terminal only). */
  readonly progress?: ProgressStream;
}

export { FAKE_THRESHOLD } from './faces-mode.ts';

/** One input's result: its score line (verdict, faces, video tracks) and the heat map written for it. */
export interface ImageScore extends ScoreLine {
  /** The heat-map written for it, with --heatmaps. */
  readonly heatmap?: string;
}

export interface InferResult {
  readonly model: string;
  /** The EP that ran (e.g. 'cpu', 'webgpu'). */
  readonly ep: string;
  readonly fused: boolean;
  /** EPs that `auto` (or the one asked for) passed over, and why. */
  readonly skippedEps: ReadonlyArray<{ ep: NodeEp; reason: string }>;
  readonly scores: readonly ImageScore[];
  /** Images that could not be decoded, with --skip-bad. */
  readonly badImages: ReadonlyArray<{ path: string; reason: string }>;
  readonly shard: Shard;
  /** Images of the shard that --out already held from an earlier run, and were not scored again. */
  readonly resumed: number;
  readonly seconds: number;
}

/**
 * `ftd infer`: decode (sharp) -> runtime-common's pre-processing (the training resize rule) -> the detector
 * on onnxruntime-node, a batch at a time so memory stays flat on large folders. Photos larger than the
 * model's input are scored per face (see `scoresFaces`), videos per track of faces across sampled frames.
 */
export async function runInference(options: InferOptions): Promise<InferResult> {
  const started = performance.now();
  const batch = options.batch ?? 16;
  if (!Number.isInteger(batch) || batch < 1) throw new FlagError('--batch', `--batch must be a positive integer, found ${batch}`);
  const frames = options.frames ?? 16;
  if (!Number.isInteger(frames) || frames < 1) throw new FlagError('--frames', `--frames must be a positive integer, found ${frames}`);
  const maxVideoPixels = options.maxVideoPixels ?? defaultMaxVideoPixels;
  if (!(maxVideoPixels > 0)) throw new FlagError('--max-video-pixels', `--max-video-pixels must be positive, found ${maxVideoPixels}`);
  const facesMode = options.faces ?? 'auto';
  const shard = options.shard ?? { index: 0, count: 1 };
  const { detector, skipped } = await openNodeDetector(options.model, { ep: options.ep ?? 'auto', fused: options.fused });
  const finder = facesMode === false ? undefined : (options.faceFinder ?? (await openNodeFaceFinder(options.model, options.ep).catch(async (error) => {
    await detector.release();
    throw error;
  })));
  if (facesMode === true && !finder) {
    await detector.release();
    throw new FlagError('--faces', `--faces needs a face graph, and ${options.model}/model.json has none (graphs.face); export the model again with this ftd`);
  }
  const scores: ImageScore[] = [];
  const badImages: Array<{ path: string; reason: string }> = [];
  const progress = new VideoProgress(options.progress);
  let scoreFile: ScoreFile | undefined;
  let resumed = 0;
  try {
    const { manifest } = detector;
    const selected = (await listInputEntries(options.inputs)).filter((entry) => inShard(entry.key, shard));
    if (options.out !== undefined) scoreFile = await openScoreFile(options.out, await scoreFileHeader(options.model, manifest.name, shard));
    const files = scoreFile ? selected.filter((entry) => !scoreFile!.done.has(entry.key)) : selected;
    resumed = selected.length - files.length;
    const names = options.heatmaps ? heatmapNames(files.map((entry) => entry.path)) : [];
    const { size, fit } = manifest.input;
    const { h, w } = manifest.featureGrid;
    const heatmap = async (name: string | undefined, draw: () => RgbImage) => (options.heatmaps && name ? await writeHeatmap(options.heatmaps, name, draw()) : undefined);
    for (let offset = 0; offset < files.length; offset += batch) {
      const chunk = files.slice(offset, offset + batch).map((entry, i) => ({ ...entry, heatmapName: names[offset + i] }));
      const decoded = await Promise.all(chunk.map(({ path, video }) => (video ? undefined : decodeImage(path).catch((error: Error) => error))));
      const results = new Array<ImageScore | undefined>(chunk.length);
      const plain: Array<{ at: number; image: DecodedImage }> = [];
      for (const [at, entry] of chunk.entries()) {
        const { path, key, heatmapName } = entry;
        try {
          if (entry.video) {
            if (!finder) throw new RangeError(`${path} is a video, which is scored per face, and ${options.model}/model.json has no face graph (graphs.face); export the model again with this ftd`);
            const video = await scoreVideo(path, finder, detector, { frames, maxPixels: maxVideoPixels, onFrame: progress.start(path, frames) });
            results[at] = { key, path, ...videoVerdict(video), video };
            continue;
          }
          const image = decoded[at];
          if (image instanceof Error) throw image;
          if (!finder || !scoresFaces(facesMode, image!, size)) {
            plain.push({ at, image: image! });
            continue;
          }
          const faces = await scoreFaces(finder, detector, manifest, image!);
          const overlays = faces.map((face) => ({ region: face.region, attention: face.attention, mask: face.mask, box: face.box }));
          const written = faces.length > 0 ? await heatmap(heatmapName, () => renderOverlays(image!, overlays, h, w)) : undefined;
          results[at] = { key, path, ...photoVerdict(faces), ...(written ? { heatmap: written } : {}) };
        } catch (error) {
          if (!options.skipBad || !(error instanceof TypeError)) throw error;
          badImages.push({ path, reason: (error as Error).message });
        }
      }
      if (plain.length > 0) {
        const detection = await detector.detect(toNchw(plain.map(({ image }) => resizeToSquare(image, size, fit)), size), plain.length);
        for (const [i, { at, image }] of plain.entries()) {
          const { path, key, heatmapName } = chunk[at]!;
          const prob = detection.prob[i]!;
          const positions = h * w;
          const attention = detection.attention.subarray(i * positions, (i + 1) * positions);
          const mask = detection.mask.subarray(i * positions, (i + 1) * positions);
          const written = await heatmap(heatmapName, () => renderHeatmap({ image, attention, mask, h, w, fit }));
          results[at] = { path, key, prob, label: verdictOf(prob), ...(written ? { heatmap: written } : {}) };
        }
      }
      const batchScores = results.filter((score): score is ImageScore => score !== undefined);
      await scoreFile?.append(batchScores.map(({ heatmap: _, ...line }) => line));
      for (const score of batchScores) {
        scores.push(score);
        options.onScore?.(score);
      }
    }
  } finally {
    progress.stop();
    await scoreFile?.close();
    await detector.release();
    if (finder && finder !== options.faceFinder) await finder.release();
  }
  return { model: options.model, ep: detector.ep, fused: options.fused ?? false, skippedEps: skipped, scores, badImages, shard, resumed, seconds: (performance.now() - started) / 1000 };
}

/** Which export scored (its model.json's id) and which shard: a resumed run must match both. */
async function scoreFileHeader(folder: string, name: string, shard: Shard): Promise<ScoreFileHeader> {
  const id = modelIdOf(await sha256Hex(new Uint8Array(await readFile(join(folder, 'model.json')))));
  return { format: SCORE_FILE_FORMAT, version: SCORE_FILE_VERSION, model: { name, id }, shard };
}
