import { availableParallelism, cpus } from 'node:os';
import { readManifest } from '../../../runtime-common/open-detector.ts';
import { writeFileAtomic } from '../../../util/atomic.ts';
import { FlagError } from '../../../util/flag-error.ts';
import { runWasmChild } from '../targets.ts';
import { nodeEpUnavailableReason } from '../../ep-probe.ts';
import { fileModelSource } from '../../file-model-source.ts';
import { NODE_EPS, nodeSessionFactory } from '../../node-session.ts';
import { webWasmUnavailableReason } from '../../web-wasm-availability.ts';
import { samplePhotos } from '../../web-server/sample-photos.ts';
import { formatFacesBench } from './format-faces-bench.ts';
import { measureFaces, type FacesMeasurement, type MeasureFacesOptions } from './measure-faces.ts';
import { measureVideo, type VideoMeasurement } from './measure-video.ts';
import { benchVideo, panningVideo } from './panning-video.ts';

export interface BenchFacesOptions {
  readonly model: string;
  /** Photo files; default the sample photos of @vladmandic/face-api. */
  readonly photos?: readonly string[];
  /** node-cpu, node-webgpu, node-cuda, web-wasm-<threads>t; default the node EPs and web-wasm-1t, web-wasm-2t. */
  readonly targets?: readonly string[];
  readonly warmup?: number;
  readonly runs?: number;
  /** Frames sampled from the one-minute 720p video, as `ftd infer --frames`; 0 skips the video. */
  readonly videoFrames?: number;
  readonly json?: string;
  readonly log?: (line: string) => void;
}

export interface BenchFacesResult {
  readonly model: { readonly folder: string; readonly name: string; readonly inputSize: number };
  readonly machine: { readonly cpu: string; readonly cores: number; readonly node: string };
  readonly settings: { readonly warmup: number; readonly runs: number; readonly photos: readonly string[] };
  readonly photos: ReadonlyArray<FacesMeasurement & { target: string }>;
  /** On node-cpu, the EP `ftd infer` runs videos on here; absent when skipped. */
  readonly video?: VideoMeasurement & { target: string; file: string };
  readonly skipped: ReadonlyArray<{ target: string; reason: string }>;
  readonly errors: ReadonlyArray<{ target: string; message: string }>;
  readonly table: string;
}

interface FacesTarget {
  readonly name: string;
  unavailableReason(): Promise<string | undefined>;
  measure(options: MeasureFacesOptions): Promise<FacesMeasurement>;
}

/**
 * `ftd bench faces`: whole photos per runtime (detect + crop + score, faces per second), then one minute of 720p
 * video on node-cpu (ffmpeg's decoding and the scoring of the sampled frames). Targets run one after another.
 */
export async function benchFaces(options: BenchFacesOptions): Promise<BenchFacesResult> {
  const log = options.log ?? (() => undefined);
  const warmup = count(options.warmup ?? 1, '--warmup', 0);
  const runs = count(options.runs ?? 3, '--runs', 1);
  const videoFrames = count(options.videoFrames ?? 16, '--video-frames', 0);
  const manifest = await readManifest(fileModelSource(options.model));
  if (!manifest.graphs.face) throw new FlagError('model', `${options.model}/model.json has no face graph; export the model again with ftd export, which writes face.onnx`);
  const photos = options.photos ?? (await samplePhotos());
  if (photos.length === 0) throw new FlagError('--photos', 'no photos to time: name some with --photos, or install the dependencies (npm ci) for the sample photos of @vladmandic/face-api');

  const measured: Array<FacesMeasurement & { target: string }> = [];
  const skipped: Array<{ target: string; reason: string }> = [];
  const errors: Array<{ target: string; message: string }> = [];
  for (const target of chooseTargets(options.targets)) {
    const reason = await target.unavailableReason();
    if (reason !== undefined) {
      skipped.push({ target: target.name, reason });
      log(`${target.name}: skipped: ${reason}`);
      continue;
    }
    log(`${target.name}: ${photos.length} photos, ${warmup} warm-up + ${runs} timed passes`);
    try {
      measured.push({ target: target.name, ...(await target.measure({ model: options.model, photos, warmup, runs })) });
    } catch (error) {
      errors.push({ target: target.name, message: (error as Error).message });
      log(`${target.name}: failed: ${errors.at(-1)!.message}`);
    }
  }

  let video: BenchFacesResult['video'];
  if (videoFrames > 0) {
    try {
      log(`video: making (or reusing) a ${benchVideo.seconds} s ${benchVideo.width}x${benchVideo.height} video from ${photos[0]}`);
      const file = await panningVideo(photos[0]!);
      log(`video: ${videoFrames} frames on node-cpu`);
      video = { target: 'node-cpu', file, ...(await measureVideo(nodeSessionFactory('cpu').factory, { model: options.model, video: file, frames: videoFrames })) };
    } catch (error) {
      errors.push({ target: 'video', message: (error as Error).message });
      log(`video: failed: ${errors.at(-1)!.message}`);
    }
  }
  const result = {
    model: { folder: options.model, name: manifest.name, inputSize: manifest.input.size },
    machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: availableParallelism(), node: process.version },
    settings: { warmup, runs, photos },
    photos: measured,
    ...(video ? { video } : {}),
    skipped,
    errors,
  };
  if (options.json) await writeFileAtomic(options.json, `${JSON.stringify(result, null, 2)}\n`);
  return { ...result, table: formatFacesBench(result) };
}

function chooseTargets(names: readonly string[] | undefined): FacesTarget[] {
  const node = NODE_EPS.map((ep): FacesTarget => ({ name: `node-${ep}`, unavailableReason: () => nodeEpUnavailableReason(ep), measure: (o) => measureFaces(nodeSessionFactory(ep).factory, o) }));
  if (!names) return [...node, wasmTarget(1), wasmTarget(2)];
  return names.map((name) => {
    const threads = Number(/^web-wasm-(\d+)t$/.exec(name)?.[1]);
    const target = node.find((t) => t.name === name) ?? (threads > 0 ? wasmTarget(threads) : undefined);
    if (!target) throw new FlagError('--targets', `--targets: unknown target "${name}"; expected ${NODE_EPS.map((ep) => `node-${ep}`).join(', ')} or web-wasm-<threads>t (e.g. web-wasm-2t)`);
    return target;
  });
}

/** onnxruntime-web's wasm EP under Node, in a child process: its thread count is fixed once per process. */
function wasmTarget(threads: number): FacesTarget {
  return {
    name: `web-wasm-${threads}t`,
    unavailableReason: webWasmUnavailableReason,
    measure: (options) => runWasmChild<FacesMeasurement>(new URL('./faces-wasm-child.ts', import.meta.url), { ...options, threads }),
  };
}

function count(value: number, flag: string, min: number): number {
  if (!Number.isInteger(value) || value < min) throw new FlagError(flag, `${flag} must be an integer of at least ${min}, found ${value}`);
  return value;
}
