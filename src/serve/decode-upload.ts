import sharp, { type Metadata } from 'sharp';
import type { DecodedImage } from '../runtime-common/preprocess.ts';
import { decodeRgb } from '../util/decode-rgb.ts';
import { HttpError } from './http-error.ts';

/** The formats the server decodes. libvips reads many more (SVG, TIFF, HEIF, PDF...); none of them is a face crop. */
const ACCEPTED_FORMATS: ReadonlySet<string> = new Set(['jpeg', 'png', 'webp']);

/**
 * Uploaded bytes -> 8-bit sRGB RGB pixels, decoded exactly as `ftd infer` decodes a file (EXIF orientation
 * applied, alpha dropped, truncated or corrupt data refused), so the server and the CLI score the same bytes
 * alike. A body that starts like a JPEG, PNG or WebP goes straight to the decoder, whose pixel limit refuses a
 * decompression bomb from its header before any pixel is decoded; anything else, and any failure, has its header
 * read to say what was wrong (400, 413 or 415). `what` names the upload in messages ("the body", "part 2 (a.jpg)").
 */
export async function decodeUpload(bytes: Uint8Array, what: string, maxPixels: number): Promise<DecodedImage> {
  if (bytes.length === 0) throw new HttpError(400, 'bad_image', `${what} is empty; expected the bytes of a JPEG, PNG or WebP image`);
  // A second libvips call per upload costs as much as pre-processing it; the signature costs nothing.
  if (!hasAcceptedSignature(bytes)) await checkHeader(bytes, what, maxPixels);
  try {
    return await decodeRgb(bytes, { maxPixels });
  } catch (error) {
    const { format, width, height } = await checkHeader(bytes, what, maxPixels);
    throw new HttpError(400, 'bad_image', `${what} cannot be decoded as ${format} (${bytes.length} bytes, ${width}x${height}): ${reason(error)}`);
  }
}

/** The header's format and size, or the refusal they call for: unreadable 400, other format 415, too many pixels 413. */
async function checkHeader(bytes: Uint8Array, what: string, maxPixels: number): Promise<{ format: string; width: number; height: number }> {
  let header: Metadata;
  try {
    // Only the header is read here, so libvips's own pixel limit (which would hide the size) is lifted.
    header = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch (error) {
    throw new HttpError(400, 'bad_image', `${what} is not a readable image (${bytes.length} bytes): ${reason(error)}`);
  }
  if (!header.format || !ACCEPTED_FORMATS.has(header.format)) {
    throw new HttpError(415, 'unsupported_media_type', `${what} is a ${header.format ?? 'unknown'} image; this server decodes JPEG, PNG and WebP`);
  }
  const { width, height } = header;
  if (!width || !height) throw new HttpError(400, 'bad_image', `${what}: its ${header.format} header gives no width and height`);
  if (width * height > maxPixels) {
    throw new HttpError(413, 'too_large', `${what} is ${width}x${height} = ${width * height} pixels; this server decodes at most ${maxPixels} (--max-pixels)`);
  }
  return { format: header.format, width, height };
}

/** The first bytes of a JPEG (SOI), a PNG (its 8-byte signature) or a WebP (RIFF....WEBP). */
function hasAcceptedSignature(bytes: Uint8Array): boolean {
  const starts = (offset: number, signature: readonly number[]) => signature.every((byte, i) => bytes[offset + i] === byte);
  return (
    starts(0, [0xff, 0xd8, 0xff]) ||
    starts(0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) ||
    (starts(0, [0x52, 0x49, 0x46, 0x46]) && starts(8, [0x57, 0x45, 0x42, 0x50]))
  );
}

/** libvips messages end with a newline and sometimes repeat the input's description; one line is enough. */
function reason(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n').find((line) => line.trim() !== '')?.trim() ?? text;
}
