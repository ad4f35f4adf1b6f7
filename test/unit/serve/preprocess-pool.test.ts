import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { HttpError } from '../../../src/serve/http-error.ts';
import { cropImage } from '../../../src/runtime-common/faces/crop-rule.ts';
import { resizeToSquare, toNchw } from '../../../src/runtime-common/preprocess.ts';
import { decodeRgb } from '../../../src/util/decode-rgb.ts';
import { runPreprocessJob, type PreprocessJob } from '../../../src/serve/worker/preprocess-job.ts';
import { preprocessPool } from '../../../src/serve/worker/preprocess-pool.ts';

const face = (name: string) => readFile(fileURLToPath(new URL(`../../../fixtures/faces/${name}`, import.meta.url)));
const job = (bytes: Uint8Array, what = 'the body'): PreprocessJob => ({ bytes, what, maxPixels: 1 << 24, size: 32, fit: 'cover' });
const pool = preprocessPool(2);
afterAll(() => pool.close());

describe('preprocessPool', () => {
  it('gives, from its threads, exactly the pixels the job gives on this thread', async () => {
    for (const name of ['01-swap-id0-c23.jpg', '06-swap-id3-raw.png']) {
      const bytes = await face(name);
      const expected = await runPreprocessJob(job(bytes));
      const fromThread = await pool.prepare(job(new Uint8Array(bytes)));
      expect(fromThread).toHaveLength(3 * 32 * 32);
      expect(fromThread).toEqual(expected);
    }
  });

  it('answers many jobs at once, each with its own image', async () => {
    const bodies = await Promise.all(['00-real-id0-raw.png', '02-real-id1-c23.jpg', '03-reenact-id1-c40.jpg'].map(face));
    const expected = await Promise.all(bodies.map((bytes) => runPreprocessJob(job(bytes))));
    const results = await Promise.all(Array.from({ length: 24 }, (_, i) => pool.prepare(job(new Uint8Array(bodies[i % 3]!)))));
    results.forEach((pixels, i) => expect(pixels).toEqual(expected[i % 3]));
  });

  it('brings a refusal back as the HttpError the job raised, status and message intact', async () => {
    const error = await pool.prepare(job(new TextEncoder().encode('no image'), 'part 3 (x.jpg)')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ statusCode: 400, kind: 'bad_image', message: expect.stringMatching(/^part 3 \(x\.jpg\) is not a readable image \(8 bytes\): /) });
  });

  it('with no threads runs the job on the calling thread, with the same result', async () => {
    const inline = preprocessPool(0);
    const bytes = await face('05-real-id2-c40.jpg');
    expect(await inline.prepare(job(bytes))).toEqual(await runPreprocessJob(job(bytes)));
    await inline.close();
  });

  it('decodes a photo whole, as the shared decoder does, and refuses one over the pixel limit from its header', async () => {
    const bytes = await face('06-swap-id3-raw.png');
    const decoded = await pool.decode({ bytes: new Uint8Array(bytes), what: 'the body', maxPixels: 1 << 24 });
    const expected = await decodeRgb(bytes);
    expect([decoded.width, decoded.height, decoded.channels]).toEqual([expected.width, expected.height, 3]);
    expect(Buffer.from(decoded.data).equals(Buffer.from(expected.data))).toBe(true);
    const refused = await pool.decode({ bytes: new Uint8Array(bytes), what: 'part 1 (a.png)', maxPixels: 100 }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ statusCode: 413, kind: 'too_large', message: expect.stringMatching(/^part 1 \(a\.png\) is \d+x\d+ = \d+ pixels; this server decodes at most 100 \(--max-pixels\)/) });
  });

  it('crops faces by their regions and resizes each by the training rule, [n, 3, S, S] in region order, on a thread or inline', async () => {
    const image = await decodeRgb(await face('00-real-id0-raw.png'));
    const regions = [
      { x: 10, y: 20, width: 64, height: 64 },
      { x: 0, y: 0, width: image.width, height: image.height },
      { x: 90, y: 5, width: 33, height: 33 },
    ];
    const expected = toNchw(regions.map((region) => resizeToSquare(cropImage(image, region), 32, 'cover')), 32);
    const copy = () => ({ ...image, data: new Uint8Array(image.data) });
    const fromThread = await pool.crop({ image: copy(), regions, size: 32, fit: 'cover' });
    expect(fromThread).toHaveLength(3 * 3 * 32 * 32);
    expect(fromThread).toEqual(expected);
    const inline = preprocessPool(0);
    expect(await inline.crop({ image: copy(), regions, size: 32, fit: 'cover' })).toEqual(expected);
    await inline.close();
  });
});
