import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { resizeToSquare, toNchw, type DecodedImage } from '../../runtime-common/preprocess.ts';
import type { NodeEp, NodeEpRequest } from '../node-session.ts';
import { openNodeDetector } from '../open-node-detector.ts';
import { decodeImage } from './decode-image.ts';
import { heatmapNames, writeHeatmap } from './heatmap-files.ts';
import { renderHeatmap } from './heatmap.ts';
import { listImageEntries } from './list-images.ts';
import { FlagError } from '../../util/flag-error.ts';
import { SCORE_FILE_FORMAT, SCORE_FILE_VERSION, type ScoreFileHeader, type Shard } from '../../runtime-common/score-lines.ts';
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
}

/** A probability at or above this is labelled fake. */
export const FAKE_THRESHOLD = 0.5;

export interface ImageScore {
  readonly path: string;
  /** The image's key: its path below the folder given, '/'-separated (what --shard hashes). */
  readonly key: string;
  /** Probability that the image is fake. */
  readonly prob: number;
  readonly label: 'fake' | 'real';
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
 * on onnxruntime-node, a batch at a time so memory stays flat on large folders.
 */
export async function runInference(options: InferOptions): Promise<InferResult> {
  const started = performance.now();
  const batch = options.batch ?? 16;
  if (!Number.isInteger(batch) || batch < 1) throw new FlagError('--batch', `--batch must be a positive integer, found ${batch}`);
  const shard = options.shard ?? { index: 0, count: 1 };
  const { detector, skipped } = await openNodeDetector(options.model, { ep: options.ep ?? 'auto', fused: options.fused });
  const scores: ImageScore[] = [];
  const badImages: Array<{ path: string; reason: string }> = [];
  let scoreFile: ScoreFile | undefined;
  let resumed = 0;
  try {
    const { manifest } = detector;
    const selected = (await listImageEntries(options.inputs)).filter((entry) => inShard(entry.key, shard));
    if (options.out !== undefined) scoreFile = await openScoreFile(options.out, await scoreFileHeader(options.model, manifest.name, shard));
    const files = scoreFile ? selected.filter((entry) => !scoreFile!.done.has(entry.key)) : selected;
    resumed = selected.length - files.length;
    const names = options.heatmaps ? heatmapNames(files.map((entry) => entry.path)) : [];
    const { size, fit } = manifest.input;
    const { h, w } = manifest.featureGrid;
    for (let offset = 0; offset < files.length; offset += batch) {
      const chunk = files.slice(offset, offset + batch).map((entry, i) => ({ ...entry, heatmapName: names[offset + i] }));
      const decoded = await Promise.all(chunk.map(({ path }) => decodeImage(path).catch((error: Error) => error)));
      const good: Array<{ path: string; key: string; heatmapName?: string; image: DecodedImage }> = [];
      for (const [i, result] of decoded.entries()) {
        if (!(result instanceof Error)) good.push({ ...chunk[i]!, image: result });
        else if (options.skipBad) badImages.push({ path: chunk[i]!.path, reason: result.message });
        else throw result;
      }
      if (good.length === 0) continue;
      const input = toNchw(good.map(({ image }) => resizeToSquare(image, size, fit)), size);
      const detection = await detector.detect(input, good.length);
      const batchScores: ImageScore[] = [];
      for (let i = 0; i < good.length; i++) {
        const { path, key, heatmapName, image } = good[i]!;
        const prob = detection.prob[i]!;
        let heatmap: string | undefined;
        if (options.heatmaps && heatmapName) {
          const positions = h * w;
          const attention = detection.attention.subarray(i * positions, (i + 1) * positions);
          const mask = detection.mask.subarray(i * positions, (i + 1) * positions);
          heatmap = await writeHeatmap(options.heatmaps, heatmapName, renderHeatmap({ image, attention, mask, h, w, fit }));
        }
        batchScores.push({ path, key, prob, label: prob >= FAKE_THRESHOLD ? 'fake' : 'real', ...(heatmap ? { heatmap } : {}) });
      }
      await scoreFile?.append(batchScores.map(({ key, path, prob, label }) => ({ key, path, prob, label })));
      for (const score of batchScores) {
        scores.push(score);
        options.onScore?.(score);
      }
    }
  } finally {
    await scoreFile?.close();
    await detector.release();
  }
  return { model: options.model, ep: detector.ep, fused: options.fused ?? false, skippedEps: skipped, scores, badImages, shard, resumed, seconds: (performance.now() - started) / 1000 };
}

/** Which export scored (its model.json's id) and which shard: a resumed run must match both. */
async function scoreFileHeader(folder: string, name: string, shard: Shard): Promise<ScoreFileHeader> {
  const id = modelIdOf(await sha256Hex(new Uint8Array(await readFile(join(folder, 'model.json')))));
  return { format: SCORE_FILE_FORMAT, version: SCORE_FILE_VERSION, model: { name, id }, shard };
}
