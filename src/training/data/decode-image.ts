import sharp from 'sharp';
import { BadSampleError } from './bad-sample-error.ts';
import type { DecodedImage } from './fit-rule.ts';
import type { Sample } from './sample.ts';
import { truncationHint } from './truncation-hint.ts';

/**
 * Decodes one image file to 8-bit sRGB on libuv's thread pool (sharp), so several decodes run while the
 * main thread trains. Orientation is applied because browsers apply it too. Anything that stops a clean
 * decode (missing file, not an image, truncated data) is a BadSampleError naming the sample's origin;
 * failOn 'error' rejects truncation and corrupt data but tolerates the harmless warnings common in
 * video-frame JPEGs.
 *
 * A failure is retried once: libvips keeps one error buffer for all threads, so under concurrent decodes
 * the first message can come back as "Unknown error", and a transient failure (too many open files) must
 * not mark a good image bad, which would change the batches `skipBad` builds.
 */
export async function decodeImage(sample: Sample): Promise<DecodedImage> {
  try {
    return await decodeOnce(sample.path);
  } catch {
    try {
      return await decodeOnce(sample.path);
    } catch (error) {
      const hint = await truncationHint(sample.path);
      const decoder = (error as Error).message;
      throw new BadSampleError(sample.path, sample.origin, `cannot decode the image: ${hint === undefined ? decoder : `${hint}; decoder: ${decoder}`}`);
    }
  }
}

async function decodeOnce(path: string): Promise<DecodedImage> {
  const { data, info } = await sharp(path, { failOn: 'error', autoOrient: true })
    .removeAlpha()
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 3) throw new Error(`decoded to ${info.channels} channels, expected 3`);
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height, channels: 3 };
}
