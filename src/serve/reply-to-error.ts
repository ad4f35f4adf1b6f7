import type { FastifyReply, FastifyRequest } from 'fastify';
import { errorBody, HttpError, type ErrorKind } from './http-error.ts';
import { IMAGE_CONTENT_TYPES } from './read-uploads.ts';
import type { ServeMetrics } from './serve-metrics.ts';

export interface ErrorContext {
  readonly metrics: ServeMetrics;
  readonly log: (line: string) => void;
  readonly maxBodyBytes: number;
  /** The reply's JSON for a failure; default `{error: {kind, message}}` (the Open Inference Protocol's is `{error: message}`). */
  readonly body?: (kind: ErrorKind, message: string) => unknown;
}

/**
 * Every failure becomes a JSON reply (`{error: {kind, message}}` unless the route's `body` says otherwise) with its status; none reaches the process. The
 * server's own errors are HttpErrors already; fastify's (body limit, content type) are reworded to name the
 * flag or the accepted types; anything else is a 500, logged with its stack.
 */
export function replyToError(error: unknown, request: FastifyRequest, reply: FastifyReply, context: ErrorContext): FastifyReply {
  const http = asHttpError(error, request, context.maxBodyBytes);
  context.metrics.error(http.kind);
  if (http.kind === 'internal') context.log(`${request.method} ${request.url} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return reply.code(http.statusCode).headers(http.headers).send((context.body ?? errorBody)(http.kind, http.message));
}

function asHttpError(error: unknown, request: FastifyRequest, maxBodyBytes: number): HttpError {
  if (error instanceof HttpError) return error;
  const { code, statusCode, message } = error as { code?: string; statusCode?: number; message?: string };
  switch (code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new HttpError(413, 'too_large', `the body is larger than ${maxBodyBytes} bytes, the most this server accepts (--max-body-bytes)`);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return new HttpError(
        415,
        'unsupported_media_type',
        `Content-Type ${request.headers['content-type'] ?? '(none)'} is not accepted; send ${IMAGE_CONTENT_TYPES.join(', ')} or multipart/form-data with one image per part`,
      );
    case 'FST_ERR_CTP_EMPTY_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new HttpError(400, 'bad_request', message ?? 'the request cannot be read');
  }
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    return new HttpError(statusCode, statusCode === 413 ? 'too_large' : statusCode === 415 ? 'unsupported_media_type' : 'bad_request', message ?? 'bad request');
  }
  return new HttpError(500, 'internal', `the server failed on this request: ${message ?? String(error)}`);
}
