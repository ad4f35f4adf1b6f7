import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodeImage } from '../../../src/runtime-node/infer/decode-image.ts';
import { decodeUpload } from '../../../src/serve/decode-upload.ts';
import { HttpError } from '../../../src/serve/http-error.ts';
import { pngClaimingSize } from './png-with-claimed-size.ts';

const fixture = (path: string) => fileURLToPath(new URL(`../../../fixtures/${path}`, import.meta.url));
const plenty = 1 << 30;

async function refusal(bytes: Uint8Array, maxPixels = plenty): Promise<HttpError> {
  const error = await decodeUpload(bytes, 'the body', maxPixels).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(HttpError);
  return error as HttpError;
}

describe('decodeUpload', () => {
  it.each(['faces/01-swap-id0-c23.jpg', 'faces/00-real-id0-raw.png', 'csv-sample/images/rgba.png', 'csv-sample/images/grey.png'])(
    'decodes %s to exactly the pixels ftd infer decodes from the file',
    async (file) => {
      const fromFile = await decodeImage(fixture(file));
      const fromUpload = await decodeUpload(await readFile(fixture(file)), 'the body', plenty);
      expect([fromUpload.width, fromUpload.height, fromUpload.channels]).toEqual([fromFile.width, fromFile.height, 3]);
      expect(Buffer.compare(Buffer.from(fromUpload.data), Buffer.from(fromFile.data))).toBe(0);
    },
  );

  it('decodes WebP', async () => {
    const webp = await sharp({ create: { width: 5, height: 3, channels: 3, background: '#ff0000' } }).webp({ lossless: true }).toBuffer();
    const image = await decodeUpload(webp, 'the body', plenty);
    expect([image.width, image.height, image.channels]).toEqual([5, 3, 3]);
    expect(Array.from(image.data.subarray(0, 3))).toEqual([255, 0, 0]);
  });

  it('refuses an empty body with 400', async () => {
    const error = await refusal(new Uint8Array(0));
    expect([error.statusCode, error.kind]).toEqual([400, 'bad_image']);
    expect(error.message).toMatch(/the body is empty/);
  });

  it('refuses bytes that are no image with 400 and the reason', async () => {
    const error = await refusal(new TextEncoder().encode('this is not an image at all'));
    expect([error.statusCode, error.kind]).toEqual([400, 'bad_image']);
    expect(error.message).toMatch(/the body is not a readable image \(27 bytes\): /);
  });

  it('refuses bytes that only start like a PNG with 400, from the header check', async () => {
    const fake = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...new TextEncoder().encode('no chunks here')]);
    const error = await refusal(fake);
    expect([error.statusCode, error.kind]).toEqual([400, 'bad_image']);
    expect(error.message).toMatch(/the body is not a readable image \(22 bytes\): /);
  });

  it('refuses a truncated JPEG with 400 naming the format and size', async () => {
    const error = await refusal(await readFile(fixture('csv-sample/images/truncated.jpg')));
    expect([error.statusCode, error.kind]).toEqual([400, 'bad_image']);
    expect(error.message).toMatch(/the body cannot be decoded as jpeg \(\d+ bytes, \d+x\d+\): /);
  });

  it('refuses formats other than JPEG, PNG and WebP with 415, whatever libvips could read', async () => {
    const gif = await sharp({ create: { width: 2, height: 2, channels: 3, background: '#000' } }).gif().toBuffer();
    const error = await refusal(gif);
    expect([error.statusCode, error.kind]).toEqual([415, 'unsupported_media_type']);
    expect(error.message).toBe('the body is a gif image; this server decodes JPEG, PNG and WebP');
  });

  it('refuses a header claiming more pixels than --max-pixels with 413 before decoding', async () => {
    const bomb = await pngClaimingSize(60_000, 60_000);
    expect(bomb.length).toBeLessThan(100);
    const error = await refusal(bomb);
    expect([error.statusCode, error.kind]).toEqual([413, 'too_large']);
    expect(error.message).toBe(`the body is 60000x60000 = 3600000000 pixels; this server decodes at most ${plenty} (--max-pixels)`);
  });

  it('takes an image of exactly --max-pixels and refuses one pixel fewer allowed', async () => {
    const png = await sharp({ create: { width: 100, height: 50, channels: 3, background: '#123456' } }).png().toBuffer();
    expect((await decodeUpload(png, 'part 1 (a.png)', 5000)).width).toBe(100);
    const error = await refusal(png, 4999);
    expect(error.statusCode).toBe(413);
    expect(error.message).toMatch(/100x50 = 5000 pixels; this server decodes at most 4999/);
  });
});
