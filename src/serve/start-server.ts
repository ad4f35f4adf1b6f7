import Fastify from 'fastify';
import { detectRoute } from './detect-route.ts';
import { MicroBatcher } from './micro-batcher.ts';
import { ModelSlot, type SlotState } from './model-slot.ts';
import { watchModelFolder, type ModelWatcher } from './model-watcher.ts';
import { loadLatestModel } from './load-latest-model.ts';
import { replyToError } from './reply-to-error.ts';
import { scoreBatch, type ImageScore, type PreparedImage } from './score-batch.ts';
import type { ServedModel } from './served-model.ts';
import { SerialTask } from './serial-task.ts';
import { ServeMetrics } from './serve-metrics.ts';
import { resolveServeOptions, type ResolvedServeOptions, type ServeOptions } from './serve-options.ts';
import { statusRoutes } from './status-routes.ts';
import { oipRoutes } from './oip/oip-routes.ts';
import { preprocessPool } from './worker/preprocess-pool.ts';

export interface RunningServer {
  /** Where it listens, e.g. http://127.0.0.1:40123 (the real port when asked for port 0). */
  readonly address: string;
  readonly port: number;
  readonly options: ResolvedServeOptions;
  /** Settles when the first load ends: with the model that passed its self-check, or the reason none did. */
  readonly firstModel: Promise<ServedModel>;
  /** The model serving now, or why none is. */
  state(): SlotState;
  /** Loads the folder again if its model.json changed (what --watch does on its own); resolves when done. */
  reload(): Promise<void>;
  /**
   * Graceful stop: no new connections, new requests on open ones get 503, every request already accepted is
   * scored and answered, then the sessions are released. Idempotent.
   */
  close(): Promise<void>;
}

/**
 * `ftd serve` as a library: listens at once (so /healthz can say what is happening), loads the model and runs
 * its parity self-check in the background, and only then answers /v1/detect and the Open Inference Protocol's infer.
 */
export async function startServer(serveOptions: ServeOptions): Promise<RunningServer> {
  const options = resolveServeOptions(serveOptions);
  const log = options.log ?? (() => undefined);
  const metrics = new ServeMetrics();
  const slot = new ModelSlot((error) => log(`releasing a replaced model failed: ${(error as Error).message}`));
  const batcher = new MicroBatcher<PreparedImage, ImageScore>(scoreBatch, {
    maxBatch: options.maxBatch,
    maxWaitMs: options.maxWaitMs,
    alwaysWait: options.alwaysWait,
    maxQueue: options.maxQueue,
    onBatch: (size, seconds) => metrics.batch(size, seconds),
    onDepth: (depth) => metrics.depth(depth),
  });
  const preprocessor = preprocessPool(options.decodeThreads);
  let closing: Promise<void> | undefined;

  const app = Fastify({ logger: false, bodyLimit: options.maxBodyBytes, forceCloseConnections: 'idle' });
  app.setErrorHandler((error, request, reply) => replyToError(error, request, reply, { metrics, log, maxBodyBytes: options.maxBodyBytes }));
  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send({ error: { kind: 'not_found', message: `no route ${request.method} ${request.url}; the routes are POST /v1/detect, GET /healthz, /readyz, /metrics, and the Open Inference Protocol's under /v2` } });
  });
  // Keep-alive connections would otherwise hold a draining server open until they time out.
  app.addHook('onSend', async (_request, reply) => {
    if (closing) reply.header('connection', 'close');
  });
  app.addHook('onResponse', async (request, reply) => {
    metrics.request(request.routeOptions.url ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000);
  });

  const loads = new SerialTask(() => loadLatestModel({ folder: options.model, ep: options.ep, threads: options.threads, slot, metrics, log, stopping: () => closing !== undefined }));
  try {
    await app.register(statusRoutes, { slot, batcher, metrics, maxQueue: options.maxQueue });
    await app.register(detectRoute, { slot, batcher, options, metrics, preprocessor });
    await app.register(oipRoutes, { prefix: '/v2', slot, batcher, options, metrics, preprocessor, log });
    await app.listen({ host: options.host, port: options.port });
  } catch (error) {
    // A port in use must not leave the decoding threads holding the process open.
    await preprocessor.close();
    await app.close();
    throw error;
  }
  const bound = app.server.address();
  if (bound === null || typeof bound === 'string') throw new Error(`the server bound to ${String(bound)}, expected a TCP address`);
  const address = `http://${bound.family === 'IPv6' ? `[${bound.address}]` : bound.address}:${bound.port}`;

  const firstModel = loads.request().then(() => {
    const state = slot.state;
    if (state.state === 'serving') return state.model;
    throw new Error(state.reason);
  });
  firstModel.catch(() => undefined);
  let watcher: ModelWatcher | undefined;
  if (options.watch) {
    watcher = watchModelFolder(options.model, options.watchDebounceMs, () => void loads.request(), (error) => log(`watching ${options.model}: ${error.message}`));
  }

  return {
    address,
    port: bound.port,
    options,
    firstModel,
    state: () => slot.state,
    reload: () => loads.request(),
    close: () => {
      closing ??= (async () => {
        watcher?.close();
        const closed = app.close();
        // From here queued images run without waiting for company: nothing new is coming.
        const drained = batcher.drain();
        await closed;
        await drained;
        await batcher.drain();
        await preprocessor.close();
        await loads.idle();
        await slot.close();
      })();
      return closing;
    },
  };
}
