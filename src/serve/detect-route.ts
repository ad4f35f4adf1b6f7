import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { FAKE_THRESHOLD } from '../runtime-node/infer/run-inference.ts';
import { detectFaces } from './faces/detect-faces.ts';
import { HttpError } from './http-error.ts';
import { IMAGE_CONTENT_TYPES, partOf, readUploads, type Upload } from './read-uploads.ts';
import type { ImageScore } from './score-batch.ts';
import { scoreRequest, type ScoringContext } from './score-request.ts';

/**
 * POST /v1/detect: one image as the body, or several as multipart/form-data parts. Every image of a request is
 * scored by the model that was current when it arrived, through the shared micro-batch queue. With ?faces=1 each
 * image is a photo whose faces are found and scored one by one (faces/detect-faces.ts).
 */
export async function detectRoute(app: FastifyInstance, context: ScoringContext): Promise<void> {
  const { options } = context;
  // Only images and multipart reach this route; fastify answers anything else (JSON, text...) with 415.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser([...IMAGE_CONTENT_TYPES], { parseAs: 'buffer', bodyLimit: options.maxBodyBytes }, (_request, body, done) => done(null, body));
  await app.register(fastifyMultipart, { isPartAFile: () => true, throwFileSizeLimit: true });
  app.post('/v1/detect', { bodyLimit: options.maxBodyBytes }, (request, reply) => detect(request, reply, context));
}

async function detect(request: FastifyRequest, reply: FastifyReply, context: ScoringContext) {
  const { options, preprocessor } = context;
  const withAttention = queryFlag(request.query, 'attention');
  if (withAttention && !options.attention) {
    throw new HttpError(403, 'attention_disabled', 'attention maps are off on this server; start it with --attention to allow ?attention=1');
  }
  if (queryFlag(request.query, 'faces')) return detectFaces(request, reply, context, withAttention);
  let uploads: Upload[] = [];
  const { model, scores } = await scoreRequest(reply, context, async (model) => {
    uploads = await readUploads(request, { maxBodyBytes: options.maxBodyBytes, maxImages: options.maxBatch });
    const { size, fit } = model.detector.manifest.input;
    return Promise.all(uploads.map(({ bytes, what }) => preprocessor.prepare({ bytes, what, maxPixels: options.maxPixels, size, fit })));
  });
  const { identity, detector } = model;
  const { h, w } = detector.manifest.featureGrid;
  const about = { model: identity, ep: detector.ep, ...(withAttention ? { grid: { h, w } } : {}) };
  if (!request.isMultipart()) return { ...imageResult(scores[0]!, withAttention), ...about };
  return { results: scores.map((score, i) => ({ ...partOf(uploads[i]!), ...imageResult(score, withAttention) })), ...about };
}

function imageResult(score: ImageScore, withAttention: boolean) {
  const label = score.prob >= FAKE_THRESHOLD ? 'fake' : 'real';
  if (!withAttention) return { prob: score.prob, label };
  return { prob: score.prob, label, attention: Array.from(score.attention), mask: Array.from(score.mask) };
}

function queryFlag(query: unknown, name: 'attention' | 'faces'): boolean {
  const value = (query as Record<string, unknown> | undefined)?.[name];
  if (value === undefined || value === '0' || value === 'false') return false;
  if (value === '1' || value === 'true' || value === '') return true;
  throw new HttpError(400, 'bad_request', `query parameter ${name} must be 1 or 0 (true or false), found ${JSON.stringify(value)}`);
}
