import type { FastifyReply } from 'fastify';
import { HttpError } from './http-error.ts';
import { QueueFullError, type MicroBatcher } from './micro-batcher.ts';
import type { ModelSlot } from './model-slot.ts';
import { notReadyError } from './not-ready.ts';
import type { ImageScore, PreparedImage } from './score-batch.ts';
import type { ServedModel } from './served-model.ts';
import type { ServeMetrics } from './serve-metrics.ts';
import type { ResolvedServeOptions } from './serve-options.ts';
import type { Preprocessor } from './worker/preprocess-pool.ts';

/** What every scoring route shares: the model slot, the one micro-batch queue, the decoders, limits and metrics. */
export interface ScoringContext {
  readonly slot: ModelSlot;
  readonly batcher: MicroBatcher<PreparedImage, ImageScore>;
  readonly options: ResolvedServeOptions;
  readonly metrics: ServeMetrics;
  readonly preprocessor: Preprocessor;
}

/**
 * Reads a request's images as [3, S, S] pixel arrays for `model` (the one the request leased); each route reads
 * its own wire format here and throws HttpErrors for what it refuses.
 */
export type ReadImages = (model: ServedModel) => Promise<Float32Array[]>;

/**
 * One scoring request, whatever its route (/v1/detect, the Open Inference Protocol's infer): the model current
 * on arrival is leased, the queue is checked before anything is decoded, the request's images join the shared
 * micro-batches, and it ends in 504 past --timeout-ms or 499 when the client leaves. Scores come back in order.
 */
export async function scoreRequest(reply: FastifyReply, context: ScoringContext, readImages: ReadImages): Promise<{ model: ServedModel; scores: ImageScore[] }> {
  const { slot, batcher, options, metrics } = context;
  metrics.scoringInProgress(1);
  const lease = slot.lease();
  try {
    if (!lease) throw notReadyError(slot.state);
    const timeout = AbortSignal.timeout(Math.max(1, Math.round(options.timeoutMs - reply.elapsedTime)));
    const clientGone = new AbortController();
    const onClose = () => {
      if (!reply.raw.writableFinished) clientGone.abort(new Error('the client closed the connection'));
    };
    reply.raw.once('close', onClose);
    // A short batch in the queue may wait for this request's images while they are read and decoded.
    const arrival = batcher.arriving();
    try {
      // Refuse before reading and decoding when the queue is already full: shedding load must be cheap.
      admit(batcher, 1);
      const pixels = await readImages(lease.model);
      admit(batcher, pixels.length);
      const prepared = pixels.map((image): PreparedImage => ({ model: lease.model, pixels: image }));
      const scoring = submit(batcher, prepared, AbortSignal.any([timeout, clientGone.signal]), options.timeoutMs);
      arrival.done();
      return { model: lease.model, scores: await scoring };
    } finally {
      arrival.done();
      reply.raw.off('close', onClose);
    }
  } finally {
    lease?.release();
    metrics.scoringInProgress(-1);
  }
}

function admit(batcher: MicroBatcher<PreparedImage, ImageScore>, count: number): void {
  try {
    batcher.check(count);
  } catch (error) {
    throw queueError(error);
  }
}

async function submit(batcher: MicroBatcher<PreparedImage, ImageScore>, prepared: PreparedImage[], signal: AbortSignal, timeoutMs: number): Promise<ImageScore[]> {
  try {
    return await batcher.submit(prepared, signal);
  } catch (error) {
    if (signal.aborted && signal.reason instanceof DOMException && signal.reason.name === 'TimeoutError') {
      throw new HttpError(504, 'timeout', `no result within ${timeoutMs} ms (--timeout-ms); ${batcher.depth} images are waiting for the model`);
    }
    // Nobody reads this reply; the status (nginx's "client closed request") keeps it out of the server's errors.
    if (signal.aborted) throw new HttpError(499, 'client_closed', 'the client closed the connection before its result');
    throw queueError(error);
  }
}

function queueError(error: unknown): unknown {
  if (error instanceof QueueFullError) {
    return new HttpError(503, 'queue_full', `the server is busy: ${error.message}`, { 'retry-after': String(error.retryAfterSeconds) });
  }
  return error;
}
