import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { FAKE_THRESHOLD } from '../runtime-node/infer/run-inference.ts';
import { HttpError } from './http-error.ts';
import { QueueFullError, type MicroBatcher } from './micro-batcher.ts';
import type { ModelSlot } from './model-slot.ts';
import { IMAGE_CONTENT_TYPES, readUploads, type Upload } from './read-uploads.ts';
import type { ImageScore, PreparedImage } from './score-batch.ts';
import { notReadyError } from './not-ready.ts';
import type { ServeMetrics } from './serve-metrics.ts';
import type { ResolvedServeOptions } from './serve-options.ts';
import type { Preprocessor } from './worker/preprocess-pool.ts';

export interface DetectRouteContext {
  readonly slot: ModelSlot;
  readonly batcher: MicroBatcher<PreparedImage, ImageScore>;
  readonly options: ResolvedServeOptions;
  readonly metrics: ServeMetrics;
  readonly preprocessor: Preprocessor;
}

/**
 * POST /v1/detect: one image as the body, or several as multipart/form-data parts. Every image of a request is
 * scored by the model that was current when it arrived, through the shared micro-batch queue.
 */
export async function detectRoute(app: FastifyInstance, context: DetectRouteContext): Promise<void> {
  const { options } = context;
  // Only images and multipart reach this route; fastify answers anything else (JSON, text...) with 415.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser([...IMAGE_CONTENT_TYPES], { parseAs: 'buffer', bodyLimit: options.maxBodyBytes }, (_request, body, done) => done(null, body));
  await app.register(fastifyMultipart, { isPartAFile: () => true, throwFileSizeLimit: true });
  app.post('/v1/detect', { bodyLimit: options.maxBodyBytes }, (request, reply) => detect(request, reply, context));
}

async function detect(request: FastifyRequest, reply: FastifyReply, context: DetectRouteContext) {
  context.metrics.detectInProgress(1);
  try {
    return await detectImages(request, reply, context);
  } finally {
    context.metrics.detectInProgress(-1);
  }
}

async function detectImages(request: FastifyRequest, reply: FastifyReply, { slot, batcher, options, preprocessor }: DetectRouteContext) {
  const withAttention = attentionRequested(request.query);
  if (withAttention && !options.attention) {
    throw new HttpError(403, 'attention_disabled', 'attention maps are off on this server; start it with --attention to allow ?attention=1');
  }
  const lease = slot.lease();
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
    const uploads = await readUploads(request, { maxBodyBytes: options.maxBodyBytes, maxImages: options.maxBatch });
    admit(batcher, uploads.length);
    const { size, fit } = lease.model.detector.manifest.input;
    const pixels = await Promise.all(uploads.map(({ bytes, what }) => preprocessor.prepare({ bytes, what, maxPixels: options.maxPixels, size, fit })));
    const prepared = pixels.map((image): PreparedImage => ({ model: lease.model, pixels: image }));
    const scoring = submit(batcher, prepared, AbortSignal.any([timeout, clientGone.signal]), options.timeoutMs);
    arrival.done();
    const scores = await scoring;
    const { identity, detector } = lease.model;
    const { h, w } = detector.manifest.featureGrid;
    const about = { model: identity, ep: detector.ep, ...(withAttention ? { grid: { h, w } } : {}) };
    if (!request.isMultipart()) return { ...imageResult(scores[0]!, withAttention), ...about };
    return { results: scores.map((score, i) => ({ ...partOf(uploads[i]!), ...imageResult(score, withAttention) })), ...about };
  } finally {
    arrival.done();
    reply.raw.off('close', onClose);
    lease.release();
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

function imageResult(score: ImageScore, withAttention: boolean) {
  const label = score.prob >= FAKE_THRESHOLD ? 'fake' : 'real';
  if (!withAttention) return { prob: score.prob, label };
  return { prob: score.prob, label, attention: Array.from(score.attention), mask: Array.from(score.mask) };
}

function partOf(upload: Upload) {
  return upload.part ? { field: upload.part.field, ...(upload.part.filename ? { filename: upload.part.filename } : {}) } : {};
}

function attentionRequested(query: unknown): boolean {
  const value = (query as Record<string, unknown> | undefined)?.attention;
  if (value === undefined || value === '0' || value === 'false') return false;
  if (value === '1' || value === 'true' || value === '') return true;
  throw new HttpError(400, 'bad_request', `query parameter attention must be 1 or 0 (true or false), found ${JSON.stringify(value)}`);
}
