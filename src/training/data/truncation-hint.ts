import { open } from 'node:fs/promises';

/**
 * Says whether a JPEG or PNG file stops before its end marker, read from the file itself. The decoder's own
 * message is unreliable under concurrent decodes (libvips shares one error buffer between threads and may
 * report "Unknown error"), and "truncated" is the most common and most actionable cause.
 */
export async function truncationHint(path: string): Promise<string | undefined> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch {
    return undefined;
  }
  try {
    const { size } = await handle.stat();
    const head = Buffer.alloc(8);
    await handle.read(head, 0, 8, 0);
    const tailLength = Math.min(size, 32);
    const tail = Buffer.alloc(tailLength);
    await handle.read(tail, 0, tailLength, size - tailLength);
    if (head[0] === 0xff && head[1] === 0xd8) {
      // Encoders may pad after the end-of-image marker, so look for it near the end rather than at it.
      return tail.includes(Buffer.from([0xff, 0xd9])) ? undefined : 'the JPEG is truncated (no end-of-image marker)';
    }
    if (head.subarray(0, 4).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47]))) {
      return tail.includes(Buffer.from('IEND')) ? undefined : 'the PNG is truncated (no IEND chunk)';
    }
    return undefined;
  } finally {
    await handle.close();
  }
}
