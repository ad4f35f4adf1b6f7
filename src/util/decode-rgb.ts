import sharp from 'sharp';

/** 8-bit sRGB pixels, row-major, 3 bytes a pixel: what the shared pre-processing takes (its `DecodedImage`). */
export interface RgbPixels {
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
  readonly channels: 3;
}

/**
 * Decodes an image file or buffer to 8-bit sRGB RGB pixels: the one decode rule of the trainer, the exporter,
 * `ftd infer` and `ftd serve`, so every Node path feeds the shared pre-processing the same pixels. EXIF
 * orientation is applied (browsers apply it too), alpha dropped; `failOn: 'error'` refuses truncated or
 * corrupt data but tolerates the harmless warnings common in video-frame JPEGs. `maxPixels` bounds what
 * libvips will decode (decompression bombs).
 *
 * A failure is retried once: libvips keeps one error buffer for all threads, so under concurrent decodes a
 * good image can be reported with another's error, and a transient failure (too many open files) must not
 * mark a good image bad. The second failure is thrown as it is; callers add what the input was.
 */
export async function decodeRgb(input: string | Uint8Array, options: { maxPixels?: number } = {}): Promise<RgbPixels> {
  try {
    return await decodeOnce(input, options.maxPixels);
  } catch {
    return decodeOnce(input, options.maxPixels);
  }
}

async function decodeOnce(input: string | Uint8Array, maxPixels: number | undefined): Promise<RgbPixels> {
  const { data, info } = await sharp(input, { failOn: 'error', autoOrient: true, ...(maxPixels ? { limitInputPixels: maxPixels } : {}) })
    .removeAlpha()
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 3) throw new Error(`decoded to ${info.channels} channels, expected 3`);
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height, channels: 3 };
}
