import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Detector } from '../../../src/runtime-common/detector.ts';
import { resizeToSquare, toNchw } from '../../../src/runtime-common/preprocess.ts';
import { decodeImage } from '../../../src/runtime-node/infer/decode-image.ts';
import { listImages } from '../../../src/runtime-node/infer/list-images.ts';
import { runInference } from '../../../src/runtime-node/infer/run-inference.ts';
import { openNodeDetector } from '../../../src/runtime-node/open-node-detector.ts';
import type { RunningServer } from '../../../src/serve/start-server.ts';
import { facesFolder, modelTiny, postImage, postParts, startTestServer } from './serve-fixture.ts';

/**
 * POST /v1/detect against a real server: the same bytes must get the probability that the Detector gives the
 * same file directly, and that `ftd infer` prints, to 1e-6 (same decode, same pre-processing, same graphs; only
 * the batch the server happened to form differs).
 */

let server: RunningServer;
let detector: Detector;
let faces: string[];

beforeAll(async () => {
  server = await startTestServer({ attention: true });
  await server.firstModel;
  detector = (await openNodeDetector(modelTiny, { ep: 'cpu', threads: 1 })).detector;
  faces = await listImages([facesFolder]);
});

afterAll(async () => {
  await server?.close();
  await detector?.release();
});

/** The Detector's own result for one file, as `ftd infer` computes it. */
async function direct(file: string) {
  const { size, fit } = detector.manifest.input;
  const detection = await detector.detect(toNchw([resizeToSquare(await decodeImage(file), size, fit)], size), 1);
  return { prob: detection.prob[0]!, attention: Array.from(detection.attention), mask: Array.from(detection.mask) };
}

const contentType = (file: string) => (file.endsWith('.png') ? 'image/png' : 'image/jpeg');

describe('POST /v1/detect', () => {
  it('scores each fixture face as the Detector and ftd infer do, within 1e-6, labelled at 0.5', async () => {
    const inferred = await runInference({ model: modelTiny, inputs: faces, ep: 'cpu' });
    expect(inferred.scores.map((s) => s.path)).toEqual(faces);
    for (const [i, file] of faces.entries()) {
      const reply = await postImage(server.address, await readFile(file), contentType(file));
      expect(reply.status, file).toBe(200);
      const expected = await direct(file);
      expect(Math.abs(reply.json.prob - expected.prob), file).toBeLessThanOrEqual(1e-6);
      expect(Math.abs(reply.json.prob - inferred.scores[i]!.prob!), file).toBeLessThanOrEqual(1e-6);
      expect(reply.json.label).toBe(reply.json.prob >= 0.5 ? 'fake' : 'real');
      expect(reply.json).not.toHaveProperty('attention');
    }
  });

  it('names the model (model.json name, the graphs\' sha256) and the EP that ran', async () => {
    const reply = await postImage(server.address, await readFile(faces[0]!), 'image/png');
    const { manifest } = detector;
    expect(reply.json.model).toEqual({ name: manifest.name, id: expect.stringMatching(/^[0-9a-f]{16}$/), sha256: { teacher: manifest.graphs.teacher.sha256, student: manifest.graphs.student.sha256 } });
    expect(reply.json.ep).toBe('cpu');
  });

  it('returns the attention over the h*w grid and the mask with ?attention=1', async () => {
    const file = faces[3]!;
    const reply = await postImage(server.address, await readFile(file), contentType(file), '?attention=1');
    expect(reply.status).toBe(200);
    const { h, w, k } = detector.manifest.featureGrid;
    expect(reply.json.grid).toEqual({ h, w });
    expect(reply.json.attention).toHaveLength(h * w);
    const expected = await direct(file);
    reply.json.attention.forEach((value: number, i: number) => expect(Math.abs(value - expected.attention[i]!)).toBeLessThanOrEqual(1e-6));
    expect(reply.json.mask).toEqual(expected.mask);
    expect(reply.json.mask.filter((m: number) => m === 0)).toHaveLength(k);
  });

  it('scores the parts of a multipart body in part order, each as the Detector does', async () => {
    const chosen = [faces[5]!, faces[0]!, faces[2]!];
    const parts = await Promise.all(chosen.map(async (file, i) => ({ field: `image${i}`, filename: basename(file), type: contentType(file), bytes: await readFile(file) })));
    const reply = await postParts(server.address, parts);
    expect(reply.status).toBe(200);
    expect(reply.json.results).toHaveLength(3);
    for (const [i, file] of chosen.entries()) {
      const result = reply.json.results[i];
      expect(result).toMatchObject({ field: `image${i}`, filename: basename(file) });
      expect(Math.abs(result.prob - (await direct(file)).prob), file).toBeLessThanOrEqual(1e-6);
    }
    expect(reply.json.model.sha256.student).toBe(detector.manifest.graphs.student.sha256);
  });

  it('gives each of many concurrent requests its own result, whatever batch it shared', async () => {
    const bodies = await Promise.all(faces.map((file) => readFile(file)));
    const expected = await Promise.all(faces.map((file) => direct(file)));
    const replies = await Promise.all(Array.from({ length: 48 }, (_, i) => postImage(server.address, bodies[i % faces.length]!, contentType(faces[i % faces.length]!))));
    replies.forEach((reply, i) => {
      expect(reply.status).toBe(200);
      expect(Math.abs(reply.json.prob - expected[i % faces.length]!.prob)).toBeLessThanOrEqual(1e-6);
    });
  });
});
