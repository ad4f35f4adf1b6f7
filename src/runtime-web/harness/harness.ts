import { referenceBatches } from '../../runtime-common/bench/reference-batch.ts';
import { runParity, type ParityReport } from '../../runtime-common/run-parity.ts';
import { openWebDetector } from '../create-detector.ts';
import { webGpuAdapterAvailable, type WebEp } from '../ort-web-session.ts';

/**
 * The page a Node process drives through Chromium to check and time the browser deployment. It runs the same
 * runtime-common code as `ftd parity` and `ftd bench infer`, here on onnxruntime-web inside a real browser.
 * Every call is meant for a fresh page: onnxruntime-web fixes its thread count once per page.
 */

const MODEL_URL = new URL('model/', location.href);

export interface HarnessParityRequest {
  readonly ep: WebEp;
  readonly fused: boolean;
  readonly runtime: string;
  readonly threads?: number;
}

export interface HarnessBenchRequest {
  readonly ep: WebEp;
  readonly fused: boolean;
  readonly threads: number;
  readonly latencyBatch: number;
  readonly throughputBatch: number;
  readonly warmup: number;
  readonly runs: number;
}

/** Raw wall-clock samples in milliseconds; the Node side summarises them as it does its own timings. */
export interface HarnessBenchResult {
  readonly ep: string;
  readonly threads: number;
  readonly latencyMs: number[];
  readonly throughputMs: number[];
}

async function parity(request: HarnessParityRequest): Promise<ParityReport & { threads: number }> {
  const { detector, source, threads, factory } = await openWebDetector(MODEL_URL, request);
  try {
    return { ...(await runParity(detector, source, request.runtime, { faceSessions: factory })), threads };
  } finally {
    await detector.release();
  }
}

async function bench(request: HarnessBenchRequest): Promise<HarnessBenchResult> {
  const { detector, source, threads } = await openWebDetector(MODEL_URL, request);
  try {
    const batchOf = await referenceBatches(source, detector.manifest);
    const time = async (n: number): Promise<number[]> => {
      const batch = batchOf(n);
      for (let i = 0; i < request.warmup; i++) await detector.detect(batch, n);
      const samples: number[] = [];
      for (let i = 0; i < request.runs; i++) {
        const started = performance.now();
        await detector.detect(batch, n);
        samples.push(performance.now() - started);
      }
      return samples;
    };
    const latencyMs = await time(request.latencyBatch);
    const throughputMs = await time(request.throughputBatch);
    return { ep: detector.ep, threads, latencyMs, throughputMs };
  } finally {
    await detector.release();
  }
}


export interface Harness {
  parity: typeof parity;
  bench: typeof bench;
  webGpuAdapterAvailable: typeof webGpuAdapterAvailable;
  crossOriginIsolated: boolean;
}

const harness: Harness = { parity, bench, webGpuAdapterAvailable, crossOriginIsolated: globalThis.crossOriginIsolated === true };
(globalThis as { ftdHarness?: Harness }).ftdHarness = harness;
document.body.dataset.ready = 'true';
