import type { Detector } from '../runtime-common/detector.ts';
import type { ModelManifest } from '../runtime-common/model-manifest.ts';
import { openDetector } from '../runtime-common/open-detector.ts';
import { resizeToSquare, toNchw } from '../runtime-common/preprocess.ts';
import type { ModelSource, SessionFactory } from '../runtime-common/session.ts';
import { fetchModelSource } from './fetch-model-source.ts';
import { ortWebSessionFactory, type WebEp } from './ort-web-session.ts';
import { readPixels, type PixelSource } from './read-pixels.ts';

export interface WebDetectorOptions {
  readonly ep: WebEp;
  /** wasm threads for the page (fixed by the first detector); default: the cores, up to 8, when isolated. */
  readonly threads?: number;
  /** Run detector.onnx (TopK inside the graph) instead of teacher + student with the mask in code. */
  readonly fused?: boolean;
  /** Folder URL of onnxruntime-web's dist files; default: `ort/` beside this script, as `ftd web` serves it. */
  readonly wasmPaths?: string;
}

export interface WebDetection {
  /** Probability that the face is fake. */
  readonly prob: number;
  /** The teacher's attention over the model's h x w feature grid, row-major. */
  readonly attention: Float32Array;
  /** The student's mask over the same grid: 0 = masked out. */
  readonly mask: Float32Array;
  /** The EP(s) that ran. */
  readonly ep: string;
}

export interface WebDetector {
  readonly manifest: ModelManifest;
  readonly ep: string;
  readonly threads: number;
  detect(image: PixelSource): Promise<WebDetection>;
  release(): Promise<void>;
}

/** The runtime-common detector over fetch and onnxruntime-web, for callers that feed NCHW batches (parity, benchmarks). */
export async function openWebDetector(
  baseUrl: string | URL,
  options: WebDetectorOptions,
): Promise<{ detector: Detector; source: ModelSource; threads: number; factory: SessionFactory }> {
  if (typeof options !== 'object' || options === null) throw new TypeError(`createDetector options must be an object like { ep: 'wasm' }, found ${String(options)}`);
  const wasmPaths = options.wasmPaths ?? new URL('ort/', import.meta.url).href;
  const { factory, threads } = await ortWebSessionFactory(options.ep, { threads: options.threads, wasmPaths });
  const source = fetchModelSource(baseUrl);
  const detector = await openDetector(source, factory, { fused: options.fused });
  return { detector, source, threads, factory };
}

/** A detector for one picture at a time: decoded pixels -> the model's pre-processing -> mask-then-classify. */
export async function createDetector(baseUrl: string | URL, options: WebDetectorOptions): Promise<WebDetector> {
  const { detector, threads } = await openWebDetector(baseUrl, options);
  const { size, fit } = detector.manifest.input;
  return {
    manifest: detector.manifest,
    ep: detector.ep,
    threads,
    detect: async (image) => {
      const input = toNchw([resizeToSquare(readPixels(image), size, fit)], size);
      const detection = await detector.detect(input, 1);
      return { prob: detection.prob[0]!, attention: detection.attention, mask: detection.mask, ep: detector.ep };
    },
    release: () => detector.release(),
  };
}
