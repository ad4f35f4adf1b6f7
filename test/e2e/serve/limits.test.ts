import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../src/serve/start-server.ts';
import { pngClaimingSize } from '../../unit/serve/png-with-claimed-size.ts';
import { badImagesFolder, facesFolder, getJson, postImage, postParts, startTestServer, waitFor } from './serve-fixture.ts';

/** Every bad input gets a JSON reason and the right status, and the server keeps serving after all of them. */

const maxBodyBytes = 64 * 1024;
const maxPixels = 1_000_000;
let server: RunningServer;
let face: Buffer;

beforeAll(async () => {
  server = await startTestServer({ maxBodyBytes, maxPixels, maxBatch: 4 });
  await server.firstModel;
  face = await readFile(join(facesFolder, '01-swap-id0-c23.jpg'));
});

afterAll(async () => {
  await server?.close();
});

function expectError(reply: { status: number; json: any }, status: number, kind: string, message: RegExp) {
  expect(reply.status).toBe(status);
  expect(reply.json.error.kind).toBe(kind);
  expect(reply.json.error.message).toMatch(message);
}

describe('bad requests to /v1/detect', () => {
  it('a corrupt image: 400 with the decoder\'s reason', async () => {
    const corrupt = Buffer.from(face);
    corrupt.fill(0x5a, 2, 600);
    expectError(await postImage(server.address, corrupt, 'image/jpeg'), 400, 'bad_image', /the body (is not a readable image|cannot be decoded as jpeg) \(\d+ bytes/);
  });

  it('bytes that are no image at all: 400', async () => {
    expectError(await postImage(server.address, 'definitely not a picture', 'image/png'), 400, 'bad_image', /the body is not a readable image \(24 bytes\)/);
  });

  it('an empty body: 400', async () => {
    expectError(await postImage(server.address, new Uint8Array(0), 'image/jpeg'), 400, 'bad_image', /the body is empty/);
  });

  it('a truncated JPEG: 400', async () => {
    const truncated = await readFile(join(badImagesFolder, 'truncated.jpg'));
    expectError(await postImage(server.address, truncated, 'image/jpeg'), 400, 'bad_image', /cannot be decoded as jpeg .*: .+/);
  });

  it.each([
    ['application/json', '{"image": "face.jpg"}'],
    ['text/plain', 'hello'],
    ['image/gif', 'GIF89a'],
    [undefined, 'no type at all'],
  ])('Content-Type %s: 415 listing what is accepted', async (type, body) => {
    expectError(await postImage(server.address, body, type), 415, 'unsupported_media_type', /is not accepted; send image\/jpeg, image\/png, image\/webp, application\/octet-stream or multipart\/form-data/);
  });

  it('a GIF sent as image/png: 415, judged by its bytes, not its label', async () => {
    const gif = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#000' } }).gif().toBuffer();
    expectError(await postImage(server.address, gif, 'image/png'), 415, 'unsupported_media_type', /the body is a gif image/);
  });

  it('a body over --max-body-bytes: 413', async () => {
    const big = Buffer.concat([face, Buffer.alloc(maxBodyBytes)]);
    expectError(await postImage(server.address, big, 'image/jpeg'), 413, 'too_large', new RegExp(`larger than ${maxBodyBytes} bytes.*--max-body-bytes`));
  });

  it('a multipart body whose parts add up to more than --max-body-bytes: 413', async () => {
    const third = Buffer.concat([face, Buffer.alloc(Math.ceil(maxBodyBytes / 3))]);
    const parts = [0, 1, 2].map((i) => ({ field: `f${i}`, filename: `${i}.jpg`, type: 'image/jpeg', bytes: third }));
    expectError(await postParts(server.address, parts), 413, 'too_large', /--max-body-bytes/);
  });

  it('a multipart body with more images than --max-batch: 413', async () => {
    const parts = [0, 1, 2, 3, 4].map((i) => ({ field: `f${i}`, filename: `${i}.jpg`, type: 'image/jpeg', bytes: face }));
    expectError(await postParts(server.address, parts), 413, 'too_large', /at most 4 images \(--max-batch\)/);
  });

  it('a part that is not an image: 415 naming the part', async () => {
    const parts = [
      { field: 'a', filename: 'a.jpg', type: 'image/jpeg', bytes: face },
      { field: 'notes', filename: 'notes.txt', type: 'text/plain', bytes: new TextEncoder().encode('hi') },
    ];
    expectError(await postParts(server.address, parts), 415, 'unsupported_media_type', /part 2 \(notes\.txt, field "notes"\) has Content-Type text\/plain/);
  });

  it('a corrupt part among good ones: 400 naming the part', async () => {
    const parts = [
      { field: 'a', filename: 'a.jpg', type: 'image/jpeg', bytes: face },
      { field: 'b', filename: 'b.jpg', type: 'image/jpeg', bytes: new TextEncoder().encode('garbage') },
    ];
    expectError(await postParts(server.address, parts), 400, 'bad_image', /part 2 \(b\.jpg, field "b"\) is not a readable image/);
  });

  it('huge dimensions in a tiny file (a decompression bomb): 413 from the header, nothing decoded', async () => {
    expectError(await postImage(server.address, await pngClaimingSize(65_535, 65_535), 'image/png'), 413, 'too_large', /65535x65535 = 4294836225 pixels; this server decodes at most 1000000 \(--max-pixels\)/);
  });

  it('a real image over --max-pixels: 413', async () => {
    const wide = await sharp({ create: { width: 2000, height: 600, channels: 3, background: '#336699' } }).png().toBuffer();
    expectError(await postImage(server.address, wide, 'image/png'), 413, 'too_large', /2000x600 = 1200000 pixels/);
  });

  it('?attention=1 on a server started without --attention: 403; a malformed value: 400', async () => {
    expectError(await postImage(server.address, face, 'image/jpeg', '?attention=1'), 403, 'attention_disabled', /start it with --attention/);
    expectError(await postImage(server.address, face, 'image/jpeg', '?attention=maybe'), 400, 'bad_request', /attention must be 1 or 0/);
  });

  it('an unknown route: 404 listing the routes', async () => {
    const reply = await getJson(server.address, '/v3/detect');
    expectError(reply, 404, 'not_found', /the routes are POST \/v1\/detect/);
  });

  it('after all of that the server is healthy and scores a good image', async () => {
    expect((await getJson(server.address, '/healthz')).status).toBe(200);
    const reply = await postImage(server.address, face, 'image/jpeg');
    expect(reply.status).toBe(200);
    expect(reply.json.prob).toBeGreaterThanOrEqual(0);
    expect(reply.json.prob).toBeLessThanOrEqual(1);
  });
});

describe('overload', () => {
  it('more concurrent requests than the queue holds: some 503 with Retry-After, the rest 200, none lost or hung', async () => {
    const busy = await startTestServer({ maxBatch: 1, maxQueue: 1, maxWaitMs: 0 });
    try {
      await busy.firstModel;
      const replies = await Promise.all(Array.from({ length: 96 }, () => postImage(busy.address, face, 'image/jpeg')));
      const refused = replies.filter((r) => r.status === 503);
      const served = replies.filter((r) => r.status === 200);
      expect(refused.length + served.length).toBe(96);
      expect(refused.length).toBeGreaterThan(0);
      expect(served.length).toBeGreaterThan(0);
      for (const reply of refused) {
        expect(reply.json.error.kind).toBe('queue_full');
        expect(reply.json.error.message).toMatch(/the server is busy: \d+ of at most 1 images are waiting/);
        expect(Number(reply.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
        expect(Number.isInteger(Number(reply.headers.get('retry-after')))).toBe(true);
      }
      expect(new Set(served.map((r) => r.json.prob)).size).toBe(1);
      expect((await postImage(busy.address, face, 'image/jpeg')).status).toBe(200);
    } finally {
      await busy.close();
    }
  });

  it('a request that waits past --timeout-ms: 504, and it leaves the queue', async () => {
    // A lone image waits --max-wait-ms for company, far longer than its timeout.
    const slow = await startTestServer({ maxBatch: 8, maxWaitMs: 5000, alwaysWait: true, timeoutMs: 100 });
    try {
      await slow.firstModel;
      const started = performance.now();
      expectError(await postImage(slow.address, face, 'image/jpeg'), 504, 'timeout', /no result within 100 ms \(--timeout-ms\)/);
      expect(performance.now() - started).toBeLessThan(5000);
      const metrics = await (await fetch(`${slow.address}/metrics`)).text();
      expect(metrics).toMatch(/^ftd_serve_queue_depth 0$/m);
    } finally {
      await slow.close();
    }
  });

  it('a client that hangs up while queued: its image leaves the queue, counted as client_closed, not as a server error', async () => {
    const patient = await startTestServer({ maxBatch: 8, maxWaitMs: 5000, alwaysWait: true });
    try {
      await patient.firstModel;
      const metrics = async () => (await fetch(`${patient.address}/metrics`)).text();
      const controller = new AbortController();
      const request = fetch(`${patient.address}/v1/detect`, { method: 'POST', body: face as Uint8Array<ArrayBuffer>, headers: { 'content-type': 'image/jpeg' }, signal: controller.signal });
      await waitFor('the image in the queue', async () => /^ftd_serve_queue_depth 1$/m.test(await metrics()));
      controller.abort();
      await expect(request).rejects.toThrow();
      await waitFor('the queue to empty', async () => /^ftd_serve_queue_depth 0$/m.test(await metrics()));
      await waitFor('the hang-up counted', async () => /^ftd_serve_errors_total\{kind="client_closed"\} 1$/m.test(await metrics()));
      expect(await metrics()).not.toMatch(/kind="internal"/);
      expect(patient.logs.filter((line) => /failed:/.test(line))).toEqual([]);
    } finally {
      await patient.close();
    }
  });
});
