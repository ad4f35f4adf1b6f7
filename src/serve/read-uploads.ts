import type { FastifyRequest } from 'fastify';
import { HttpError } from './http-error.ts';

/** The content types an image may be sent as; octet-stream is sniffed like the rest. */
export const IMAGE_CONTENT_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'application/octet-stream'] as const;

/** One image of a request, with how messages and replies name it. */
export interface Upload {
  readonly bytes: Uint8Array;
  /** "the body", or "part 2 (face.jpg)". */
  readonly what: string;
  /** For multipart: the part's field name and file name, echoed in its result. */
  readonly part?: { readonly field: string; readonly filename?: string };
}

export interface UploadLimits {
  readonly maxBodyBytes: number;
  /** Images one multipart request may carry. */
  readonly maxImages: number;
}

/**
 * The images of a request: its body, or each part of a multipart/form-data body in order. Multipart bodies are
 * streamed past fastify's body limit, so the limit on the whole body is enforced here, on the declared length
 * up front and on the bytes actually read.
 */
export async function readUploads(request: FastifyRequest, limits: UploadLimits): Promise<Upload[]> {
  if (!request.isMultipart()) {
    const body = request.body;
    if (!(body instanceof Uint8Array) || body.length === 0) {
      throw new HttpError(400, 'bad_image', 'the body is empty; expected the bytes of a JPEG, PNG or WebP image, or multipart/form-data with image parts');
    }
    return [{ bytes: body, what: 'the body' }];
  }
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limits.maxBodyBytes) throw bodyTooLarge(`is ${declared} bytes`, limits.maxBodyBytes);
  const uploads: Upload[] = [];
  let total = 0;
  try {
    for await (const part of request.parts({ limits: { fileSize: limits.maxBodyBytes, files: limits.maxImages, parts: limits.maxImages } })) {
      if (part.type !== 'file') throw new Error('every part is read as a file (isPartAFile), found a field');
      const index = uploads.length + 1;
      const what = `part ${index} (${part.filename ? `${part.filename}, ` : ''}field "${part.fieldname}")`;
      if (!(IMAGE_CONTENT_TYPES as readonly string[]).includes(part.mimetype)) {
        part.file.resume();
        throw new HttpError(415, 'unsupported_media_type', `${what} has Content-Type ${part.mimetype}; expected one of ${IMAGE_CONTENT_TYPES.join(', ')}`);
      }
      const bytes = await part.toBuffer();
      total += bytes.length;
      if (total > limits.maxBodyBytes) throw bodyTooLarge(`has image parts of at least ${total} bytes`, limits.maxBodyBytes);
      uploads.push({ bytes, what, part: { field: part.fieldname, ...(part.filename ? { filename: part.filename } : {}) } });
    }
  } catch (error) {
    throw multipartError(error, limits);
  }
  if (uploads.length === 0) throw new HttpError(400, 'bad_request', 'the multipart body has no parts; expected one image per part');
  return uploads;
}

/** What a multipart image's result echoes of its part: the field name and the file name. */
export function partOf(upload: Upload): { field?: string; filename?: string } {
  return upload.part ? { field: upload.part.field, ...(upload.part.filename ? { filename: upload.part.filename } : {}) } : {};
}

function bodyTooLarge(found: string, limit: number): HttpError {
  return new HttpError(413, 'too_large', `the body ${found}; this server accepts at most ${limit} bytes (--max-body-bytes)`);
}

/** @fastify/multipart's limit errors say "reach files limit"; say which limit and which flag sets it. */
function multipartError(error: unknown, limits: UploadLimits): unknown {
  if (error instanceof HttpError) return error;
  const code = (error as { code?: unknown }).code;
  if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT') {
    return new HttpError(413, 'too_large', `the multipart body has more than ${limits.maxImages} parts; one request carries at most ${limits.maxImages} images (--max-batch)`);
  }
  if (code === 'FST_REQ_FILE_TOO_LARGE') return bodyTooLarge('has a part larger than the whole limit', limits.maxBodyBytes);
  const message = error instanceof Error ? error.message : String(error);
  return new HttpError(400, 'bad_request', `the multipart body cannot be read: ${message}`);
}
