import type { FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from '../http-error.ts';
import { partOf, readUploads, type Upload } from '../read-uploads.ts';
import { scoreRequest, type ScoringContext } from '../score-request.ts';
import { photoResult } from './face-results.ts';
import { photoFaces, type PhotoFaces } from './photo-faces.ts';

/**
 * POST /v1/detect?faces=1: each photo's faces found, cropped by the shared rule and scored; the photo's verdict
 * is its most fake face. A photo without a face is an answer (`label: "no faces"`, an empty list), not an error.
 */
export async function detectFaces(request: FastifyRequest, reply: FastifyReply, context: ScoringContext, withAttention: boolean) {
  const { options, preprocessor } = context;
  let uploads: Upload[] = [];
  let photos: PhotoFaces[] = [];
  const { model, scores } = await scoreRequest(reply, context, async (model) => {
    const finder = model.faces;
    if (!finder) {
      throw new HttpError(501, 'faces_unavailable', `model "${model.identity.name}" (${model.identity.id}) has no face detector (model.json has no face graph); export it again with ftd export, which writes face.onnx, or send face crops without ?faces=1`);
    }
    uploads = await readUploads(request, { maxBodyBytes: options.maxBodyBytes, maxImages: options.maxBatch });
    photos = await Promise.all(uploads.map((upload) => photoFaces(upload, model, finder, preprocessor, { maxPixels: options.maxPixels, maxFaces: options.maxFaces })));
    const faces = photos.reduce((total, photo) => total + photo.faces.length, 0);
    // All of a request's faces join the queue at once; more than it can ever hold would be refused with 503 forever.
    if (faces > options.maxQueue) {
      throw new HttpError(413, 'too_large', `the request's photos have ${faces} faces to score; at most ${options.maxQueue} fit the queue at once (--max-queue); send fewer photos per request`);
    }
    return photos.flatMap((photo) => photo.pixels);
  });
  const { h, w } = model.detector.manifest.featureGrid;
  const about = { model: model.identity, ep: model.detector.ep, ...(withAttention ? { grid: { h, w } } : {}) };
  let next = 0;
  const results = photos.map((photo) => photoResult(photo, scores.slice(next, (next += photo.faces.length)), withAttention));
  if (!request.isMultipart()) return { ...results[0]!, ...about };
  return { results: results.map((result, i) => ({ ...partOf(uploads[i]!), ...result })), ...about };
}
