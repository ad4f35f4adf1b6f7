import type { FastifyInstance } from 'fastify';
import type { MicroBatcher } from './micro-batcher.ts';
import type { ModelSlot, SlotState } from './model-slot.ts';
import type { ImageScore, PreparedImage } from './score-batch.ts';
import type { ServeMetrics } from './serve-metrics.ts';

export interface StatusRouteContext {
  readonly slot: ModelSlot;
  readonly batcher: MicroBatcher<PreparedImage, ImageScore>;
  readonly metrics: ServeMetrics;
  readonly maxQueue: number;
}

/**
 * GET /healthz: 200 once a model has passed its parity self-check on this machine's EP, 503 with the reason
 * before that or when it failed. GET /readyz: also 503 while the queue is full, for load balancers that should
 * send elsewhere. GET /metrics: Prometheus text.
 */
export async function statusRoutes(app: FastifyInstance, { slot, batcher, metrics, maxQueue }: StatusRouteContext): Promise<void> {
  app.get('/healthz', async (_request, reply) => {
    const state = slot.state;
    reply.code(state.state === 'serving' ? 200 : 503);
    return describeState(state);
  });

  app.get('/readyz', async (_request, reply) => {
    const state = slot.state;
    const full = batcher.depth >= maxQueue;
    reply.code(state.state === 'serving' && !full ? 200 : 503);
    return { ...describeState(state), queue: { depth: batcher.depth, max: maxQueue }, ...(full ? { reason: 'the queue is full' } : {}) };
  });

  app.get('/metrics', async (_request, reply) => {
    reply.type(metrics.contentType);
    return metrics.text();
  });
}

function describeState(state: SlotState) {
  if (state.state !== 'serving') return { status: state.state, reason: state.reason };
  const { identity, detector, selfCheck, folder } = state.model;
  return {
    status: 'ok',
    model: identity,
    folder,
    ep: detector.ep,
    selfCheck: {
      pass: selfCheck.pass,
      images: selfCheck.images,
      tolerance: selfCheck.tolerance.abs,
      maxAbsDiff: Object.fromEntries(selfCheck.outputs.map((output) => [output.name, output.maxAbs])),
      maskBoundaryFlips: selfCheck.mask.boundaryFlips,
      seconds: selfCheck.seconds,
    },
    ...(state.lastReloadFailure ? { lastReloadFailure: state.lastReloadFailure } : {}),
  };
}
