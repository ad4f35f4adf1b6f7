import sharp from 'sharp';

export const compressionNames = ['raw', 'c23', 'c40'] as const;
export type CompressionName = (typeof compressionNames)[number];

/**
 * The three levels FaceForensics++ ships, as still-image codecs: `raw` is lossless PNG; `c23` and `c40`
 * (named after H.264 CRF 23 and 40) are light and heavy JPEG. Real and fake frames are encoded alike, so
 * the codec itself is never a cue.
 */
export const compressionSettings: Readonly<Record<CompressionName, { extension: 'png' | 'jpg'; quality?: number }>> = {
  raw: { extension: 'png' },
  c23: { extension: 'jpg', quality: 85 },
  c40: { extension: 'jpg', quality: 40 },
};

/**
 * Encodes 8-bit RGB pixels. Every encoder option is pinned (and sharp writes no metadata), so the same
 * pixels give the same bytes on every run: datasets can be compared by hash.
 */
export async function encodeImage(pixels: Uint8Array, width: number, height: number, compression: CompressionName): Promise<Buffer> {
  const image = sharp(pixels, { raw: { width, height, channels: 3 } });
  const setting = compressionSettings[compression];
  if (setting.extension === 'png') {
    return image.png({ compressionLevel: 6, adaptiveFiltering: true, palette: false }).toBuffer();
  }
  return image
    .jpeg({ quality: setting.quality, chromaSubsampling: '4:2:0', mozjpeg: false, optimiseCoding: true, trellisQuantisation: false, progressive: false })
    .toBuffer();
}
