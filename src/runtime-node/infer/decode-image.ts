import type { DecodedImage } from '../../runtime-common/preprocess.ts';
import { decodeRgb } from '../../util/decode-rgb.ts';

/** Decodes a file the way the trainer does (src/util/decode-rgb.ts); the resize is runtime-common's. */
export async function decodeImage(file: string): Promise<DecodedImage> {
  try {
    return await decodeRgb(file);
  } catch (error) {
    throw new TypeError(`${file} cannot be decoded as an image: ${(error as Error).message}`);
  }
}
