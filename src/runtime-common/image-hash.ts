/**
 * FNV-1a (32 bit) over an image's pre-processed pixels, float32 NCHW in [0, 1] as the graphs take them, read
 * as little-endian bytes. Plain integer arithmetic, so Node, a browser and a tfjs host compute the same
 * number for the same pixels, without Web Crypto's promise or node:crypto.
 */
export function imageHash(pixels: Float32Array): number {
  // Each word holds a float's bit pattern; taking its bytes low first is little-endian on any host.
  const words = new Uint32Array(pixels.buffer, pixels.byteOffset, pixels.length);
  let hash = 0x811c9dc5;
  for (const word of words) {
    for (let shift = 0; shift < 32; shift += 8) {
      hash ^= (word >>> shift) & 0xff;
      hash = Math.imul(hash, 0x01000193);
    }
  }
  return hash >>> 0;
}
