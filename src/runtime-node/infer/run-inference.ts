import { resizeToSquare, toNchw, type DecodedImage } from '../../runtime-common/preprocess.ts';
import type { NodeEp, NodeEpRequest } from '../node-session.ts';
import { openNodeDetector } from '../open-node-detector.ts';
import { decodeImage } from './decode-image.ts';
import { heatmapNames, writeHeatmap } from './heatmap-files.ts';
import { renderHeatmap } from './heatmap.ts';
import { listImages } from './list-images.ts';
import { FlagError } from '../../util/flag-error.ts';

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
  /** Called as each image is scored, in input order, so long runs can print as they go. */
  readonly onScore?: (score: ImageScore) => void;
}

/** A probability at or above this is labelled fake. */
export const FAKE_THRESHOLD = 0.5;

export interface ImageScore {
  readonly path: string;
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
  const files = await listImages(options.inputs);
  const names = options.heatmaps ? heatmapNames(files) : [];
  const { detector, skipped } = await openNodeDetector(options.model, { ep: options.ep ?? 'auto', fused: options.fused });
  const { manifest } = detector;
  const { size, fit } = manifest.input;
  const { h, w } = manifest.featureGrid;
  const scores: ImageScore[] = [];
  const badImages: Array<{ path: string; reason: string }> = [];
  try {
    for (let offset = 0; offset < files.length; offset += batch) {
      const chunk = files.slice(offset, offset + batch).map((path, i) => ({ path, heatmapName: names[offset + i] }));
      const decoded = await Promise.all(chunk.map(({ path }) => decodeImage(path).catch((error: Error) => error)));
      const good: Array<{ path: string; heatmapName?: string; image: DecodedImage }> = [];
      for (const [i, result] of decoded.entries()) {
        if (!(result instanceof Error)) good.push({ ...chunk[i]!, image: result });
        else if (options.skipBad) badImages.push({ path: chunk[i]!.path, reason: result.message });
        else throw result;
      }
      if (good.length === 0) continue;
      const input = toNchw(good.map(({ image }) => resizeToSquare(image, size, fit)), size);
      const detection = await detector.detect(input, good.length);
      for (let i = 0; i < good.length; i++) {
        const { path, heatmapName, image } = good[i]!;
        const prob = detection.prob[i]!;
        let heatmap: string | undefined;
        if (options.heatmaps && heatmapName) {
          const positions = h * w;
          const attention = detection.attention.subarray(i * positions, (i + 1) * positions);
          const mask = detection.mask.subarray(i * positions, (i + 1) * positions);
          heatmap = await writeHeatmap(options.heatmaps, heatmapName, renderHeatmap({ image, attention, mask, h, w, fit }));
        }
        const score: ImageScore = { path, prob, label: prob >= FAKE_THRESHOLD ? 'fake' : 'real', ...(heatmap ? { heatmap } : {}) };
        scores.push(score);
        options.onScore?.(score);
      }
    }
  } finally {
    await detector.release();
  }
  return { model: options.model, ep: detector.ep, fused: options.fused ?? false, skippedEps: skipped, scores, badImages, seconds: (performance.now() - started) / 1000 };
}
