import { crc32 } from 'node:zlib';
import sharp from 'sharp';

/**
 * A valid 1x1 PNG whose header claims `width` x `height`: the shape of a decompression bomb (a tiny file that
 * would decode to gigabytes), without the gigabytes. The IHDR chunk's CRC is recomputed so that readers take
 * the header at its word.
 */
export async function pngClaimingSize(width: number, height: number): Promise<Buffer> {
  const png = Buffer.from(await sharp({ create: { width: 1, height: 1, channels: 3, background: '#808080' } }).png().toBuffer());
  // Signature (8) + IHDR length (4) + "IHDR" (4), then width and height as big-endian uint32.
  png.writeUInt32BE(width, 16);
  png.writeUInt32BE(height, 20);
  png.writeUInt32BE(crc32(png.subarray(12, 29)), 29);
  return png;
}
