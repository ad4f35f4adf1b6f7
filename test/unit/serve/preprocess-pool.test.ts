import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { HttpError } from '../../../src/serve/http-error.ts';
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
});
