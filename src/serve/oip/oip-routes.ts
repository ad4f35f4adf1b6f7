import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import packageJson from '../../../package.json' with { type: 'json' };
import { HttpError } from '../http-error.ts';
import type { SlotState } from '../model-slot.ts';
import { notReadyError } from '../not-ready.ts';
import { replyToError } from '../reply-to-error.ts';
import { scoreRequest, type ScoringContext } from '../score-request.ts';
import type { ServedModel } from '../served-model.ts';
import { inferResponse, planOutputs } from './infer-response.ts';
import { inputImages } from './input-images.ts';
import { modelMetadata } from './model-metadata.ts';
import { parseInferBody } from './parse-infer-body.ts';

export interface OipRouteContext extends ScoringContext {
  readonly log: (line: string) => void;
}

interface ModelParams {
  readonly name: string;
  readonly version?: string;
}

/**
 * The Open Inference Protocol's REST API (KServe "v2", as Triton speaks it) under /v2, beside /v1/detect: health,
 * server and model metadata, model readiness and infer, with Triton's binary tensor data extension. Infer
 * requests join the same micro-batches, decoders and limits as /v1/detect; errors are `{"error": "..."}`.
 */
export async function oipRoutes(app: FastifyInstance, context: OipRouteContext): Promise<void> {
  const { slot, options, metrics, log } = context;
  // Every body is read as bytes: JSON alone, or JSON and binary tensors (whatever Content-Type a client sends).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: options.maxBodyBytes }, (_request, body, done) => done(null, body));
  app.setErrorHandler((error, request, reply) => replyToError(error, request, reply, { metrics, log, maxBodyBytes: options.maxBodyBytes, body: (_kind, message) => ({ error: message }) }));
  app.setNotFoundHandler((request) => {
    throw new HttpError(404, 'not_found', `no route ${request.method} ${request.url}; the Open Inference Protocol routes are GET /v2, /v2/health/live, /v2/health/ready, /v2/models/{name}[/versions/{version}][/ready] and POST /v2/models/{name}[/versions/{version}]/infer`);
  });

  app.get('/health/live', async () => ({ live: true }));
  app.get('/health/ready', async (_request, reply) => {
    const ready = slot.state.state === 'serving';
    reply.code(ready ? 200 : 503);
    return { ready };
  });
  app.get('/', async () => ({ name: 'ftd', version: packageJson.version, extensions: ['binary_tensor_data'] }));

  for (const path of ['/models/:name', '/models/:name/versions/:version']) {
    app.get(path, async (request) => {
      const params = request.params as ModelParams;
      return modelMetadata(servedModel(slot.state, params, options.modelName), params.name);
    });
    app.get(`${path}/ready`, async (request, reply) => {
      const params = request.params as ModelParams;
      const state = slot.state;
      const name = servedName(state, options.modelName);
      if (name !== undefined) checkName(params, name, state.state === 'serving' ? state.model : undefined);
      const ready = state.state === 'serving';
      reply.code(ready ? 200 : 503);
      return { name: params.name, ready };
    });
    app.post(`${path}/infer`, { bodyLimit: options.maxBodyBytes }, (request, reply) => infer(request, reply, context));
  }
}

async function infer(request: FastifyRequest, reply: FastifyReply, context: OipRouteContext) {
  const { slot, options, preprocessor } = context;
  const params = request.params as ModelParams;
  servedModel(slot.state, params, options.modelName);
  const body = request.body instanceof Uint8Array ? request.body : new Uint8Array(0);
  const parsed = parseInferBody(body, request.headers['inference-header-content-length']);
  const plan = planOutputs(parsed, options.attention);
  const limits = { maxImages: options.maxBatch, maxPixels: options.maxPixels };
  const { model, scores } = await scoreRequest(reply, context, (model) => inputImages(parsed.inputs, model.detector.manifest, limits, preprocessor));
  const { json, binary } = inferResponse(parsed, plan, scores, model, params.name);
  if (binary.length === 0) return json;
  const header = Buffer.from(JSON.stringify(json));
  reply.header('inference-header-content-length', String(header.length)).type('application/octet-stream');
  return Buffer.concat([header, ...binary]);
}

/** The name clients address the model by: --model-name, else the serving export's model.json name. */
function servedName(state: SlotState, configured: string | undefined): string | undefined {
  return configured || (state.state === 'serving' ? state.model.identity.name : undefined);
}

/** The model a request names, if it is the one serving; 404 for another name or version, 503 while none serves. */
function servedModel(state: SlotState, params: ModelParams, configured: string | undefined): ServedModel {
  const name = servedName(state, configured);
  if (name !== undefined) checkName(params, name, state.state === 'serving' ? state.model : undefined);
  if (state.state !== 'serving') throw notReadyError(state);
  return state.model;
}

function checkName(params: ModelParams, name: string, model: ServedModel | undefined): void {
  if (params.name !== name) throw new HttpError(404, 'not_found', `unknown model "${params.name}"; this server serves "${name}"`);
  if (params.version !== undefined && model && params.version !== model.identity.id) {
    throw new HttpError(404, 'not_found', `model "${name}" has version "${model.identity.id}" (its export's id) only; found "${params.version}"`);
  }
}
