import sharp from 'sharp';
import type { DecodedImage } from '../../runtime-common/preprocess.ts';

/**
 * Decodes a file to 8-bit sRGB RGB pixels the way the trainer and the exporter do (EXIF orientation applied,
 * alpha dropped, truncated or corrupt data refused), leaving the resize to runtime-common's pre-processing,
 * which every runtime shares. A failure is retried once: libvips keeps one error buffer for all threads, so
 * a batch decoded concurrently can report a good file's neighbour's failure as its own.
 */
export async function decodeImage(file: string): Promise<DecodedImage> {
  try {
    return await decodeOnce(file);
  } catch {
    try {
      return await decodeOnce(file);
    } catch (error) {
      throw new TypeError(`${file} cannot be decoded as an image: ${(error as Error).message}`);
    }
  }
}

async function decodeOnce(file: string): Promise<DecodedImage> {
  const { data, info } = await sharp(file, { failOn: 'error', autoOrient: true })
    .removeAlpha()
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 3) throw new Error(`decoded to ${info.channels} channels, expected 3`);
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height, channels: 3 };
}
