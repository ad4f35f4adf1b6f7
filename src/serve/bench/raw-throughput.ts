import { timeRuns } from '../../runtime-node/bench/timing.ts';
import type { NodeEpRequest } from '../../runtime-node/node-session.ts';
import { openNodeDetector } from '../../runtime-node/open-node-detector.ts';
import { runPreprocessJob } from '../worker/preprocess-job.ts';
import type { BenchBody } from './bench-bodies.ts';

export interface RawThroughput {
  readonly batch: number;
  readonly medianMs: number;
  readonly imagesPerSecond: number;
}

/**
 * The ceiling the server is measured against: the Detector run directly, in this process, on batches of
 * already decoded and pre-processed images (the same bodies the load sends), one batch size at a time.
 */
export async function rawThroughput(model: string, options: { ep: NodeEpRequest; threads: number; bodies: readonly BenchBody[]; batches: readonly number[]; warmup: number; runs: number }): Promise<{ ep: string; results: RawThroughput[] }> {
  // Sessions as the server makes them: no spinning threads.
  const { detector } = await openNodeDetector(model, { ep: options.ep, threads: options.threads, spin: false });
  try {
    const { size, fit } = detector.manifest.input;
    // The server's own pre-processing, so the graphs see the pixels the served requests give them.
    const images = await Promise.all(options.bodies.map(({ bytes, name }) => runPreprocessJob({ bytes, what: name, maxPixels: Number.MAX_SAFE_INTEGER, size, fit })));
    const each = 3 * size * size;
    const results: RawThroughput[] = [];
    for (const batch of options.batches) {
      const input = new Float32Array(batch * each);
      for (let i = 0; i < batch; i++) input.set(images[i % images.length]!, i * each);
      const timing = await timeRuns(() => detector.detect(input, batch), options.warmup, options.runs);
      results.push({ batch, medianMs: timing.medianMs, imagesPerSecond: (1000 * batch) / timing.medianMs });
    }
    return { ep: detector.ep, results };
  } finally {
    await detector.release();
  }
}
