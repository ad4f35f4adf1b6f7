import { readManifest } from '../../runtime-common/open-detector.ts';
import type { ParityReport } from '../../runtime-common/run-parity.ts';
import type { WebEp } from '../../runtime-web/ort-web-session.ts';
import type { Pipeline, PipelineMeasurement } from '../bench/measure-detector.ts';
import type { BenchTarget } from '../bench/targets.ts';
import { summarise } from '../bench/timing.ts';
import { fileModelSource } from '../file-model-source.ts';
import { openBrowserHarness, type BrowserHarness } from '../web-server/browser-harness.ts';
import { chromiumMissingReason, findChromium } from '../web-server/chromium.ts';
import type { ParityRunOptions, ParityRuntime } from './runtime.ts';

/**
 * onnxruntime-web inside headless Chromium, wasm and WebGPU: the deployment a browser user gets, checked
 * against the reference outputs. Given a harness, the runtimes share its browser and leave it open; without
 * one, each launches Chromium when probed and closes it after its run.
 */
export function browserRuntimes(harness?: BrowserHarness): ParityRuntime[] {
  return [browserRuntime('wasm', harness), browserRuntime('webgpu', harness)];
}

function browserRuntime(ep: WebEp, shared?: BrowserHarness): ParityRuntime {
  const name = `browser-${ep}` as const;
  // A successful probe keeps its browser for the run that follows it, so the gate launches Chromium once.
  let probed: BrowserHarness | undefined;
  const acquire = async () => shared ?? probed ?? (await openBrowserHarness());
  const releaseOwned = async (harness: BrowserHarness) => {
    probed = undefined;
    if (harness !== shared) await harness.close();
  };
  return {
    name,
    unavailableReason: async () => {
      if (!findChromium()) return chromiumMissingReason();
      let harness: BrowserHarness | undefined;
      let reason: string | undefined;
      try {
        harness = await acquire();
        reason = ep === 'webgpu' ? await harness.webGpuUnavailableReason() : undefined;
      } catch (error) {
        // The gate lists a runtime whose probe fails as skipped, with why, instead of stopping.
        reason = (error as Error).message;
      }
      if (harness && reason !== undefined) await releaseOwned(harness);
      else if (harness && harness !== shared) probed = harness;
      return reason;
    },
    run: async (modelFolder: string, options: ParityRunOptions): Promise<ParityReport> => {
      const harness = await acquire();
      try {
        // The report keeps the page's wasm thread count: `ftd parity --json` then records what ran.
        return await harness.parity(modelFolder, { ep, fused: options.fused ?? false, runtime: name });
      } finally {
        await releaseOwned(harness);
      }
    },
  };
}

export interface BrowserBenchOptions {
  /** wasm threads in the page (the page is cross-origin isolated, so more than 1 works). */
  readonly threads: number;
  readonly ep?: WebEp;
  readonly latencyBatch?: number;
  readonly throughputBatch?: number;
  readonly warmup?: number;
  readonly runs?: number;
  /** Default: mask-then-classify, plus fused when the folder has detector.onnx. */
  readonly pipelines?: readonly Pipeline[];
  readonly harness?: BrowserHarness;
}

/**
 * Latency at a small batch and throughput at a large one for onnxruntime-web in Chromium, timed inside the page
 * (performance.now around each detect call, as `ftd bench infer` times Node) and summarised the same way.
 */
export async function benchBrowser(modelFolder: string, options: BrowserBenchOptions): Promise<PipelineMeasurement[]> {
  const settings = {
    ep: options.ep ?? 'wasm',
    threads: positiveInteger(options.threads, 'threads'),
    latencyBatch: positiveInteger(options.latencyBatch ?? 1, 'latencyBatch'),
    throughputBatch: positiveInteger(options.throughputBatch ?? 32, 'throughputBatch'),
    warmup: nonNegativeInteger(options.warmup ?? 3, 'warmup'),
    runs: positiveInteger(options.runs ?? 10, 'runs'),
  };
  const manifest = await readManifest(fileModelSource(modelFolder));
  const pipelines = options.pipelines ?? (manifest.graphs.detector ? ['mask-then-classify', 'fused'] : ['mask-then-classify']);
  const harness = options.harness ?? (await openBrowserHarness());
  try {
    const measurements: PipelineMeasurement[] = [];
    for (const pipeline of pipelines) {
      const result = await harness.bench(modelFolder, { ...settings, fused: pipeline === 'fused' });
      const throughput = summarise(result.throughputMs);
      measurements.push({
        pipeline,
        ep: `${result.ep}${result.ep.includes('wasm') ? ` ${result.threads}t` : ''} (Chromium)`,
        latency: { ...summarise(result.latencyMs), batch: settings.latencyBatch },
        throughput: { ...throughput, batch: settings.throughputBatch, imagesPerSecond: (1000 * settings.throughputBatch) / throughput.medianMs },
      });
    }
    return measurements;
  } finally {
    if (harness !== options.harness) await harness.close();
  }
}

/** A `ftd bench infer` target: onnxruntime-web's wasm EP in Chromium at `threads` threads. */
export function browserWasmBenchTarget(threads: number): BenchTarget {
  return {
    name: `browser-wasm-${threads}t`,
    unavailableReason: async () => (findChromium() ? undefined : chromiumMissingReason()),
    measure: (options, pipelines) => benchBrowser(options.model, { ...options, threads, pipelines }),
  };
}

function positiveInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`benchBrowser: ${name} must be a positive integer, found ${value}`);
  return value;
}

function nonNegativeInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 0) throw new RangeError(`benchBrowser: ${name} must be a non-negative integer, found ${value}`);
  return value;
}
