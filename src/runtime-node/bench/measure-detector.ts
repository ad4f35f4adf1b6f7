import { openDetector } from '../../runtime-common/open-detector.ts';
import { referenceBatches } from '../../runtime-common/bench/reference-batch.ts';
import type { SessionFactory } from '../../runtime-common/session.ts';
import { fileModelSource } from '../file-model-source.ts';
import { timeRuns, type Timing } from './timing.ts';

export type Pipeline = 'mask-then-classify' | 'fused';

export interface MeasureOptions {
  readonly model: string;
  readonly pipeline: Pipeline;
  readonly latencyBatch: number;
  readonly throughputBatch: number;
  readonly warmup: number;
  readonly runs: number;
}

export interface PipelineMeasurement {
  readonly pipeline: Pipeline;
  /** The EP(s) the sessions ran on. */
  readonly ep: string;
  readonly latency: Timing & { batch: number };
  readonly throughput: Timing & { batch: number; imagesPerSecond: number };
}

/**
 * Times one pipeline end to end as `ftd infer` runs it (sessions, the mask in code or in the graph, batching),
 * on the model's own reference images repeated to fill each batch: real faces, not zeros, so data-dependent
 * kernels (TopK) do real work.
 */
export async function measurePipeline(createSession: SessionFactory, options: MeasureOptions): Promise<PipelineMeasurement> {
  const source = fileModelSource(options.model);
  const detector = await openDetector(source, createSession, { fused: options.pipeline === 'fused' });
  try {
    const batchOf = await referenceBatches(source, detector.manifest);
    const latencyInput = batchOf(options.latencyBatch);
    const throughputInput = batchOf(options.throughputBatch);
    const latency = await timeRuns(() => detector.detect(latencyInput, options.latencyBatch), options.warmup, options.runs);
    const throughput = await timeRuns(() => detector.detect(throughputInput, options.throughputBatch), options.warmup, options.runs);
    return {
      pipeline: options.pipeline,
      ep: detector.ep,
      latency: { ...latency, batch: options.latencyBatch },
      throughput: { ...throughput, batch: options.throughputBatch, imagesPerSecond: (1000 * options.throughputBatch) / throughput.medianMs },
    };
  } finally {
    await detector.release();
  }
}

