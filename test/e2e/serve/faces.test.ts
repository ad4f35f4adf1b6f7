import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Detector } from '../../../src/runtime-common/detector.ts';
import type { FaceFinder } from '../../../src/runtime-common/faces/face-finder.ts';
import { openFaceFinder } from '../../../src/runtime-common/faces/open-face-finder.ts';
import { scoreFaces, type ScoredFace } from '../../../src/runtime-common/faces/score-faces.ts';
import { readManifest } from '../../../src/runtime-common/open-detector.ts';
import { fileModelSource } from '../../../src/runtime-node/file-model-source.ts';
import { decodeImage } from '../../../src/runtime-node/infer/decode-image.ts';
import { nodeSessionFactory } from '../../../src/runtime-node/node-session.ts';
import { openNodeDetector } from '../../../src/runtime-node/open-node-detector.ts';
import { samplePhotos } from '../../../src/runtime-node/web-server/sample-photos.ts';
import type { RunningServer } from '../../../src/serve/start-server.ts';
import { copyOfModelTinyWithFaces } from '../../runtime/model-tiny-faces.ts';
import { copyFolder, modelTiny, postImage, startTestServer, temporaryFolder } from './serve-fixture.ts';

/**
 * POST /v1/detect?faces=1 against a real server: each photo's faces, boxes, crops and probabilities are the ones
 * runtime-common's scoreFaces gives the same file directly (as `ftd infer` runs it), and every limit holds. The
 * model is a copy of the committed tiny export with face.onnx added as `ftd export` writes it.
 */

const photos = await samplePhotos();
const skipReason = photos.length < 4 ? 'the sample photos of @vladmandic/face-api are not installed (npm ci)' : undefined;
if (skipReason) console.warn(`skipping the ?faces=1 tests: ${skipReason}`);
const faceModel = skipReason ? undefined : await copyOfModelTinyWithFaces();
afterAll(() => faceModel?.remove());
const model = faceModel?.folder ?? modelTiny;
const manifest = await readManifest(fileModelSource(model));

/** POSTs photos as multipart parts photo0, photo1... (files p0.jpg, p1.jpg...) with ?faces=1. */
async function postPhotos(address: string, photos: readonly Uint8Array[], query = ''): Promise<{ status: number; json: any }> {
  const form = new FormData();
  photos.forEach((bytes, i) => form.append(`photo${i}`, new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'image/jpeg' }), `p${i}.jpg`));
  const response = await fetch(`${address}/v1/detect?faces=1${query}`, { method: 'POST', body: form });
  return { status: response.status, json: await response.json() };
}

function expectError(reply: { status: number; json: any }, status: number, kind: string, message: RegExp) {
  expect(reply.status).toBe(status);
  expect(reply.json.error.kind).toBe(kind);
  expect(reply.json.error.message).toMatch(message);
}

describe.skipIf(skipReason !== undefined)('POST /v1/detect?faces=1', () => {
  let server: RunningServer;
  let detector: Detector;
  let finder: FaceFinder;
  beforeAll(async () => {
    server = await startTestServer({ model, attention: true });
    await server.firstModel;
    detector = (await openNodeDetector(model, { ep: 'cpu', threads: 1 })).detector;
    finder = await openFaceFinder(fileModelSource(model), nodeSessionFactory('cpu', { threads: 1 }).factory);
  });
  afterAll(async () => {
    await server?.close();
    await detector?.release();
    await finder?.release();
  });

  const direct = async (file: string): Promise<ScoredFace[]> => scoreFaces(finder, detector, detector.manifest, await decodeImage(file));

  function expectSameFaces(replied: any[], expected: readonly ScoredFace[], what: string) {
    expect(replied.map((face) => face.score), what).toHaveLength(expected.length);
    replied.forEach((face, i) => {
      const want = expected[i]!;
      for (const key of ['x', 'y', 'width', 'height'] as const) expect(Math.abs(face.box[key] - want.box[key]), `${what} face ${i} box.${key}`).toBeLessThanOrEqual(1e-3);
      expect(face.region, `${what} face ${i}`).toEqual(want.region);
      expect(Math.abs(face.score - want.score), `${what} face ${i}`).toBeLessThanOrEqual(1e-5);
      expect(Math.abs(face.prob - want.prob), `${what} face ${i}`).toBeLessThanOrEqual(1e-6);
      expect(face.label).toBe(face.prob >= 0.5 ? 'fake' : 'real');
    });
  }

  it('finds, crops and scores each sample photo\'s faces as scoreFaces does, the verdict its most fake face', async () => {
    for (const file of photos.slice(0, 3)) {
      const reply = await postImage(server.address, await readFile(file), 'image/jpeg', '?faces=1');
      expect(reply.status, file).toBe(200);
      const expected = await direct(file);
      expect(expected.length, `${file} has faces`).toBeGreaterThan(0);
      expectSameFaces(reply.json.faces, expected, file);
      const probs: number[] = reply.json.faces.map((face: any) => face.prob);
      const most = probs.indexOf(Math.max(...probs));
      expect(reply.json).toMatchObject({ prob: probs[most], label: probs[most]! >= 0.5 ? 'fake' : 'real', most_fake_face: most, faces_found: expected.length, ep: 'cpu' });
      const { width, height } = await sharp(file).metadata();
      expect(reply.json.image).toEqual({ width, height });
      expect(reply.json.model.sha256.face).toBe(manifest.graphs.face!.sha256);
      expect(reply.json.faces[0]).not.toHaveProperty('attention');
    }
  });

  it('answers a photo without a face with "no faces" and an empty list, not an error', async () => {
    const blank = await sharp({ create: { width: 320, height: 240, channels: 3, background: '#8090a0' } }).png().toBuffer();
    const reply = await postImage(server.address, blank, 'image/png', '?faces=1');
    expect(reply.status).toBe(200);
    expect(reply.json).toMatchObject({ prob: null, label: 'no faces', most_fake_face: null, faces: [], faces_found: 0, image: { width: 320, height: 240 } });
  });

  it('scores the photos of a multipart body part by part, and adds each face\'s attention with ?attention=1', async () => {
    const chosen = [photos[1]!, photos[0]!];
    const { status, json } = await postPhotos(server.address, await Promise.all(chosen.map((file) => readFile(file))), '&attention=1');
    expect(status).toBe(200);
    const { h, w } = manifest.featureGrid;
    expect(json.grid).toEqual({ h, w });
    expect(json.results).toHaveLength(2);
    for (const [i, file] of chosen.entries()) {
      expect(json.results[i]).toMatchObject({ field: `photo${i}`, filename: `p${i}.jpg` });
      const expected = await direct(file);
      expectSameFaces(json.results[i].faces, expected, file);
      json.results[i].faces.forEach((face: any, f: number) => {
        expect(face.attention).toHaveLength(h * w);
        face.attention.forEach((value: number, p: number) => expect(Math.abs(value - expected[f]!.attention[p]!)).toBeLessThanOrEqual(1e-6));
        expect(face.mask).toEqual(Array.from(expected[f]!.mask));
      });
    }
  });

  it('refuses ?faces= values other than 1, 0, true or false', async () => {
    expectError(await postImage(server.address, await readFile(photos[0]!), 'image/jpeg', '?faces=yes'), 400, 'bad_request', /query parameter faces must be 1 or 0 \(true or false\), found "yes"/);
  });
});

describe.skipIf(skipReason !== undefined)('the limits of ?faces=1', () => {
  const maxPixels = 2_500_000;
  let server: RunningServer;
  let counts: number[];
  beforeAll(async () => {
    server = await startTestServer({ model, maxPixels, maxFaces: 2, maxBatch: 2, maxQueue: 2 });
    await server.firstModel;
    counts = [];
    for (const file of photos.slice(0, 2)) counts.push((await postImage(server.address, await readFile(file), 'image/jpeg', '?faces=1')).json.faces_found);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('a photo over --max-pixels: 413 from its header, before decoding', async () => {
    const { width, height } = await sharp(photos[3]!).metadata();
    expect(width! * height!).toBeGreaterThan(maxPixels);
    expectError(await postImage(server.address, await readFile(photos[3]!), 'image/jpeg', '?faces=1'), 413, 'too_large', new RegExp(`the body is ${width}x${height} = \\d+ pixels; this server decodes at most ${maxPixels} \\(--max-pixels\\)`));
  });

  it('scores at most --max-faces faces a photo, the detector\'s most confident, and counts the rest', async () => {
    expect(counts[0], `${photos[0]} has more than 2 faces`).toBeGreaterThan(2);
    const reply = await postImage(server.address, await readFile(photos[0]!), 'image/jpeg', '?faces=1');
    expect(reply.status).toBe(200);
    expect(reply.json.faces).toHaveLength(2);
    expect(reply.json.faces[0].score).toBeGreaterThanOrEqual(reply.json.faces[1].score);
    expect(reply.json.faces_found).toBe(counts[0]);
  });

  it('a request with more faces than --max-queue can hold: 413, not a 503 that no retry would fix', async () => {
    const bytes = await readFile(photos[0]!);
    expect((await postPhotos(server.address, [bytes])).status).toBe(200);
    expectError(await postPhotos(server.address, [bytes, bytes]), 413, 'too_large', /the request's photos have 4 faces to score; at most 2 fit the queue at once \(--max-queue\)/);
  });

  it('a corrupt photo: 400 with the decoder\'s reason', async () => {
    const corrupt = Buffer.from(await readFile(photos[0]!));
    corrupt.fill(0x5a, 2, 600);
    expectError(await postImage(server.address, corrupt, 'image/jpeg', '?faces=1'), 400, 'bad_image', /the body (is not a readable image|cannot be decoded as jpeg)/);
  });
});

describe.skipIf(skipReason !== undefined)('?faces=1 on a model exported without face.onnx', () => {
  let server: RunningServer;
  let folder: { path: string; remove: () => Promise<void> };
  beforeAll(async () => {
    folder = await temporaryFolder('ftd-no-face-');
    await copyFolder(model, folder.path);
    const json = JSON.parse(await readFile(join(folder.path, 'model.json'), 'utf8'));
    await rm(join(folder.path, json.graphs.face.file));
    await rm(join(folder.path, json.face.testData.folder), { recursive: true });
    delete json.graphs.face;
    delete json.face;
    await writeFile(join(folder.path, 'model.json'), JSON.stringify(json, null, 2));
    server = await startTestServer({ model: folder.path });
    await server.firstModel;
  });
  afterAll(async () => {
    await server?.close();
    await folder?.remove();
  });

  it('is a 501 that says how to get one, while face crops are still scored', async () => {
    const photo = await readFile(photos[0]!);
    expectError(await postImage(server.address, photo, 'image/jpeg', '?faces=1'), 501, 'faces_unavailable', /has no face detector .*ftd export, which writes face\.onnx/);
    expect((await postImage(server.address, photo, 'image/jpeg')).status).toBe(200);
  });
});
