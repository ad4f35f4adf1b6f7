import { decodeRgb } from '../../util/decode-rgb.ts';
import { BadSampleError } from './bad-sample-error.ts';
import type { DecodedImage } from './fit-rule.ts';
import type { Sample } from './sample.ts';
import { truncationHint } from './truncation-hint.ts';

/**
 * Decodes one sample on libuv's thread pool (sharp), so several decodes run while the main thread trains.
 * Anything that stops a clean decode (missing file, not an image, truncated data) is a BadSampleError naming
 * the sample's origin, with a hint when the file looks truncated.
 */
export async function decodeImage(sample: Sample): Promise<DecodedImage> {
  try {
    return await decodeRgb(sample.path);
  } catch (error) {
    const hint = await truncationHint(sample.path);
    const decoder = (error as Error).message;
    throw new BadSampleError(sample.path, sample.origin, `cannot decode the image: ${hint === undefined ? decoder : `${hint}; decoder: ${decoder}`}`);
  }
}
