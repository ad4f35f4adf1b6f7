import { availableParallelism, cpus, platform, release } from 'node:os';
import { readManifest } from '../../runtime-common/open-detector.ts';
import { writeFileAtomic } from '../../util/atomic.ts';
import { fileModelSource } from '../file-model-source.ts';
import { NODE_EPS } from '../node-session.ts';
import { formatBenchTable } from './format-bench.ts';
import type { Pipeline, PipelineMeasurement } from './measure-detector.ts';
import { browserWasmBenchTarget } from '../parity/browser.ts';
import { webGpuAdapter } from '../../util/webgpu-adapter-probe.ts';
import { nodeTarget, webWasmTarget, type BenchTarget } from './targets.ts';
import { FlagError } from '../../util/flag-error.ts';

export interface BenchInferOptions {
  /** A model folder written by `ftd export`. */
  readonly model: string;
  /**
   * Target names to time: node-cpu, node-webgpu, node-cuda, web-wasm-<threads>t, browser-wasm-<threads>t.
   * Default: the node EPs and web-wasm at each of `wasmThreads` (Chromium only when named: it is slow to start).
   */
  readonly targets?: readonly string[];
  /** Thread counts for the web-wasm targets. */
  readonly wasmThreads?: readonly number[];
  readonly latencyBatch?: number;
  readonly throughputBatch?: number;
  /** Untimed runs before timing each case. */
  readonly warmup?: number;
  /** Timed runs per case. */
  readonly runs?: number;
  /** Also write the result as JSON here. */
  readonly json?: string;
  readonly log?: (line: string) => void;
}

export interface BenchInferResult {
  readonly model: { folder: string; name: string; preset: string; inputSize: number; grid: string; batch: number | 'dynamic' };
  readonly machine: { platform: string; cpu: string; cores: number; node: string; webgpuAdapter: string };
  readonly settings: { latencyBatch: number; throughputBatch: number; warmup: number; runs: number };
  readonly measurements: ReadonlyArray<PipelineMeasurement & { target: string }>;
  readonly skipped: ReadonlyArray<{ target: string; reason: string }>;
  readonly errors: ReadonlyArray<{ target: string; message: string }>;
  /** The markdown table `ftd bench infer` prints. */
  readonly table: string;
}

/**
 * `ftd bench infer`: latency at a small batch and throughput at a large one, for every runtime here, for the
 * two-session pipeline (mask in code) and, when the folder has detector.onnx, the fused graph. Targets run one
 * after another so they do not share the cores.
 */
export async function benchInfer(options: BenchInferOptions): Promise<BenchInferResult> {
  const log = options.log ?? (() => undefined);
  const settings = {
    latencyBatch: positiveInteger(options.latencyBatch ?? 1, '--latency-batch'),
    throughputBatch: positiveInteger(options.throughputBatch ?? 32, '--throughput-batch'),
    warmup: nonNegativeInteger(options.warmup ?? 3, '--warmup'),
    runs: positiveInteger(options.runs ?? 10, '--runs'),
  };
  const manifest = await readManifest(fileModelSource(options.model));
  const pipelines: Pipeline[] = manifest.graphs.detector ? ['mask-then-classify', 'fused'] : ['mask-then-classify'];
  const targets = chooseTargets(options.targets, (options.wasmThreads ?? [1, 2]).map((t) => positiveInteger(t, '--wasm-threads')));

  const measurements: Array<PipelineMeasurement & { target: string }> = [];
  const skipped: Array<{ target: string; reason: string }> = [];
  const errors: Array<{ target: string; message: string }> = [];
  for (const target of targets) {
    const reason = await target.unavailableReason();
    if (reason !== undefined) {
      skipped.push({ target: target.name, reason });
      log(`${target.name}: skipped: ${reason}`);
      continue;
    }
    log(`${target.name}: timing ${pipelines.join(' and ')} (${settings.warmup} warm-up + ${settings.runs} timed runs per batch size)`);
    try {
      for (const measurement of await target.measure({ model: options.model, ...settings }, pipelines)) measurements.push({ target: target.name, ...measurement });
    } catch (error) {
      errors.push({ target: target.name, message: error instanceof Error ? error.message : String(error) });
      log(`${target.name}: failed: ${errors.at(-1)!.message}`);
    }
  }
  const { h, w, k } = manifest.featureGrid;
  const result = {
    model: { folder: options.model, name: manifest.name, preset: manifest.training.preset, inputSize: manifest.input.size, grid: `${h}x${w}, k ${k}`, batch: manifest.onnx.batch },
    machine: { platform: `${platform()} ${release()}`, cpu: cpus()[0]?.model ?? 'unknown', cores: availableParallelism(), node: process.version, webgpuAdapter: await describeAdapter() },
    settings,
    measurements,
    skipped,
    errors,
  };
  const table = formatBenchTable(result);
  if (options.json) await writeFileAtomic(options.json, `${JSON.stringify(result, null, 2)}\n`);
  return { ...result, table };
}

/** The node-webgpu row means little without knowing whether a GPU or a CPU rasteriser ran it. */
async function describeAdapter(): Promise<string> {
  const adapter = await webGpuAdapter();
  if (!adapter) return 'none';
  return adapter.software ? `${adapter.description} (CPU rasteriser)` : adapter.description;
}

function chooseTargets(names: readonly string[] | undefined, wasmThreads: readonly number[]): BenchTarget[] {
  const all = [...NODE_EPS.map(nodeTarget), ...[...new Set(wasmThreads)].map(webWasmTarget)];
  if (!names) return all;
  return names.map((name) => {
    const threads = Number(/^(?:web|browser)-wasm-(\d+)t$/.exec(name)?.[1]);
    const target =
      all.find((t) => t.name === name) ??
      (name.startsWith('web-wasm-') && threads > 0 ? webWasmTarget(threads) : undefined) ??
      (name.startsWith('browser-wasm-') && threads > 0 ? browserWasmBenchTarget(threads) : undefined);
    if (!target) {
      throw new FlagError('--targets', `--targets: unknown target "${name}"; expected node-cpu, node-webgpu, node-cuda, web-wasm-<threads>t or browser-wasm-<threads>t (e.g. web-wasm-2t)`);
    }
    return target;
  });
}

function positiveInteger(value: number, flag: string): number {
  if (!Number.isInteger(value) || value < 1) throw new FlagError(flag, `${flag} must be a positive integer, found ${value}`);
  return value;
}

function nonNegativeInteger(value: number, flag: string): number {
  if (!Number.isInteger(value) || value < 0) throw new FlagError(flag, `${flag} must be a non-negative integer, found ${value}`);
  return value;
}
