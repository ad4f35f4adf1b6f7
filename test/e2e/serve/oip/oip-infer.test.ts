import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Detector } from '../../../../src/runtime-common/detector.ts';
import { resizeToSquare, toNchw } from '../../../../src/runtime-common/preprocess.ts';
import { decodeImage } from '../../../../src/runtime-node/infer/decode-image.ts';
import { listImages } from '../../../../src/runtime-node/infer/list-images.ts';
import { openNodeDetector } from '../../../../src/runtime-node/open-node-detector.ts';
import type { RunningServer } from '../../../../src/serve/start-server.ts';
import { modelWithWrongReference } from '../model-folders.ts';
import { facesFolder, modelTiny, postImage, startTestServer, temporaryFolder } from '../serve-fixture.ts';
import { expectOipResponse } from './oip-response-schemas.ts';
import { tritonInfer } from './triton-http-client.ts';

/**
 * OIP infer gives the numbers the Detector gives the same images (encoded, or already pre-processed), in JSON
 * and in binary, through the same micro-batches as /v1/detect; and says "not ready" while no model passed.
 */

let server: RunningServer;
let detector: Detector;
let faces: string[];

beforeAll(async () => {
  server = await startTestServer({ attention: true, modelName: 'detector' });
  await server.firstModel;
  detector = (await openNodeDetector(modelTiny, { ep: 'cpu', threads: 1 })).detector;
  faces = (await listImages([facesFolder])).slice(0, 4);
});

afterAll(async () => {
  await server?.close();
  await detector?.release();
});

async function pixelsOf(files: readonly string[]): Promise<Float32Array> {
  const { size, fit } = detector.manifest.input;
  return toNchw(await Promise.all(files.map(async (file) => resizeToSquare(await decodeImage(file), size, fit))), size);
}

function expectClose(actual: readonly number[], expected: ArrayLike<number>, tolerance: number) {
  expect(actual.length).toBe(expected.length);
  actual.forEach((value, i) => expect(Math.abs(value - expected[i]!), `element ${i}`).toBeLessThanOrEqual(tolerance));
}

describe('OIP infer values', () => {
  it('encoded images as binary BYTES: prob, attention and mask as the Detector gives them (1e-6), in binary', async () => {
    const expected = await detector.detect(await pixelsOf(faces), faces.length);
    const encoded = await Promise.all(faces.map(async (file) => new Uint8Array(await readFile(file))));
    const outputs = ['prob', 'attention', 'mask'].map((name) => ({ name, binary: true }));
    const result = await tritonInfer(server.address, 'detector', [{ name: 'image', shape: [faces.length], datatype: 'BYTES', values: encoded, binary: true }], outputs, { id: 'batch-7' });
    expect(result.status).toBe(200);
    expectOipResponse('inferenceResponse', result.response);
    expect(result.response.id).toBe('batch-7');
    expect(result.response.outputs.map((o: { shape: number[] }) => o.shape)).toEqual([[4], [4, 16], [4, 16]]);
    expectClose(result.asArray('prob'), expected.prob, 1e-6);
    expectClose(result.asArray('attention'), expected.attention, 1e-6);
    expect(result.asArray('mask')).toEqual(Array.from(expected.mask));
  });

  it('pre-processed FP32 [N, 3, S, S], binary in and JSON out, equals the Detector on the same pixels', async () => {
    const pixels = await pixelsOf(faces.slice(0, 2));
    const expected = await detector.detect(pixels.slice(), 2);
    const result = await tritonInfer(server.address, 'detector', [{ name: 'image', shape: [2, 3, 32, 32], datatype: 'FP32', values: pixels, binary: true }], [{ name: 'prob', binary: false }, { name: 'mask', binary: false }]);
    expect(result.status).toBe(200);
    expectOipResponse('inferenceResponse', result.response);
    expect(result.tail.length).toBe(0);
    expectClose(result.asArray('prob'), expected.prob, 1e-6);
    expect(result.asArray('mask')).toEqual(Array.from(expected.mask));
  });

  it('FP32 in JSON gives the same prob as /v1/detect on the encoded file', async () => {
    const pixels = await pixelsOf([faces[1]!]);
    const body = { inputs: [{ name: 'image', shape: [1, 3, 32, 32], datatype: 'FP32', data: Array.from(pixels) }] };
    const response = await fetch(`${server.address}/v2/models/detector/infer`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
    const json = await response.json();
    expectOipResponse('inferenceResponse', json);
    const detect = await postImage(server.address, await readFile(faces[1]!), 'image/jpeg');
    expect(Math.abs(json.outputs[0].data[0] - detect.json.prob)).toBeLessThanOrEqual(1e-6);
  });
});

describe('OIP and /v1/detect share one queue', () => {
  it('an OIP request and a /v1/detect request form one micro-batch of 2', async () => {
    // A batch waits up to 10 s for a second image, so two requests sent together must run as one batch.
    const shared = await startTestServer({ alwaysWait: true, maxWaitMs: 10_000, maxBatch: 2 });
    try {
      await shared.firstModel;
      const bytes = await readFile(faces[0]!);
      const [oip, detect] = await Promise.all([
        tritonInfer(shared.address, 'model-tiny', [{ name: 'image', shape: [1], datatype: 'BYTES', values: [new Uint8Array(bytes)], binary: true }]),
        postImage(shared.address, bytes, 'image/png'),
      ]);
      expect(oip.status).toBe(200);
      expect(detect.status).toBe(200);
      expect(oip.asArray('prob')[0]).toBe(detect.json.prob);
      const metrics = await (await fetch(`${shared.address}/metrics`)).text();
      expect(metrics).toMatch(/^ftd_serve_batch_size_count 1$/m);
      expect(metrics).toMatch(/^ftd_serve_batch_size_sum 2$/m);
      expect(metrics).toMatch(/^ftd_serve_requests_total\{route="\/v2\/models\/:name\/infer",status="200"\} 1$/m);
    } finally {
      await shared.close();
    }
  });
});

describe('OIP before a model passes its self-check', () => {
  it('ready is 503 {ready: false}, metadata and infer are 503 errors, live stays 200', async () => {
    const folder = await temporaryFolder('ftd-oip-failed-');
    await modelWithWrongReference(folder.path, 0.25);
    const failing = await startTestServer({ model: folder.path });
    try {
      await expect(failing.firstModel).rejects.toThrow(/self-check/);
      const get = async (path: string) => {
        const response = await fetch(`${failing.address}${path}`);
        return { status: response.status, body: await response.json() };
      };
      expect(await get('/v2/health/live')).toEqual({ status: 200, body: { live: true } });
      expect(await get('/v2/health/ready')).toEqual({ status: 503, body: { ready: false } });
      const metadata = await get('/v2/models/anything');
      expectOipResponse('error', metadata.body);
      expect(metadata.status).toBe(503);
      expect(metadata.body.error).toMatch(/no model is serving: .*self-check/);
    } finally {
      await failing.close();
      await folder.remove();
    }
  });
});
