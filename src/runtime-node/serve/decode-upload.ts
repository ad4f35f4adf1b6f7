import sharp, { type Metadata } from 'sharp';
import type { DecodedImage } from '../../runtime-common/preprocess.ts';
import { decodeRgb } from '../../util/decode-rgb.ts';
import { HttpError } from './http-error.ts';

/** The formats the server decodes. libvips reads many more (SVG, TIFF, HEIF, PDF...); none of them is a face crop. */
const ACCEPTED_FORMATS: ReadonlySet<string> = new Set(['jpeg', 'png', 'webp']);

/**
 * Uploaded bytes -> 8-bit sRGB RGB pixels, decoded exactly as `ftd infer` decodes a file (EXIF orientation
 * applied, alpha dropped, truncated or corrupt data refused), so the server and the CLI score the same bytes
 * alike. The size is read from the header before anything is decoded, so a small file that claims a huge
 * picture (a decompression bomb) costs nothing; libvips's own pixel limit backs that up during the decode.
 * `what` names the upload in messages ("the body", "part 2 (a.jpg)").
 */
export async function decodeUpload(bytes: Uint8Array, what: string, maxPixels: number): Promise<DecodedImage> {
  if (bytes.length === 0) throw new HttpError(400, 'bad_image', `${what} is empty; expected the bytes of a JPEG, PNG or WebP image`);
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
  try {
    return await decodeRgb(bytes, { maxPixels });
  } catch (error) {
    throw new HttpError(400, 'bad_image', `${what} cannot be decoded as ${header.format} (${bytes.length} bytes, ${width}x${height}): ${reason(error)}`);
  }
}

/** libvips messages end with a newline and sometimes repeat the input's description; one line is enough. */
function reason(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n').find((line) => line.trim() !== '')?.trim() ?? text;
}
