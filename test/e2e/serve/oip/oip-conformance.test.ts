import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../../src/serve/start-server.ts';
import { facesFolder, startTestServer } from '../serve-fixture.ts';
import { expectOipResponse, type OipResponseKind } from './oip-response-schemas.ts';
import { tritonInfer } from './triton-http-client.ts';

/**
 * Every Open Inference Protocol route answers with a body its schema accepts (ajv), with the status the
 * protocol gives, values included; and every refusal is `{"error": "..."}` with the status that says why.
 */

let server: RunningServer;
let face: Uint8Array;

beforeAll(async () => {
  server = await startTestServer({ maxBatch: 4, maxBodyBytes: 256 * 1024 });
  await server.firstModel;
  face = new Uint8Array(await readFile(join(facesFolder, '01-swap-id0-c23.jpg')));
});

afterAll(async () => {
  await server?.close();
});

async function get(path: string, kind: OipResponseKind) {
  const response = await fetch(`${server.address}${path}`);
  const body = await response.json();
  expectOipResponse(kind, body);
  return { status: response.status, body };
}

async function postJson(path: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${server.address}${path}`, { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body), headers });
  return { status: response.status, body: await response.json() };
}

function expectRefusal(reply: { status: number; body: unknown }, status: number, message: RegExp) {
  expectOipResponse('error', reply.body);
  expect(reply.status).toBe(status);
  expect((reply.body as { error: string }).error).toMatch(message);
}

const imageInput = (data: unknown[], shape = [data.length], datatype = 'BYTES') => ({ inputs: [{ name: 'image', shape, datatype, data }] });
const base64Face = () => Buffer.from(face).toString('base64');

describe('Open Inference Protocol: health and metadata', () => {
  it('GET /v2 names the server and the binary tensor data extension', async () => {
    const { status, body } = await get('/v2', 'serverMetadata');
    expect(status).toBe(200);
    expect(body).toEqual({ name: 'ftd', version: expect.stringMatching(/^\d+\.\d+\.\d+/), extensions: ['binary_tensor_data'] });
  });

  it('live and ready are 200 once the self-check passed', async () => {
    expect(await get('/v2/health/live', 'serverLive')).toEqual({ status: 200, body: { live: true } });
    expect(await get('/v2/health/ready', 'serverReady')).toEqual({ status: 200, body: { ready: true } });
    expect(await get('/v2/models/model-tiny/ready', 'modelReady')).toEqual({ status: 200, body: { name: 'model-tiny', ready: true } });
  });

  it('model metadata gives the graph\'s input and the three outputs, versioned by the export\'s id', async () => {
    const model = await server.firstModel;
    for (const path of ['/v2/models/model-tiny', `/v2/models/model-tiny/versions/${model.identity.id}`]) {
      const { status, body } = await get(path, 'modelMetadata');
      expect(status).toBe(200);
      expect(body.name).toBe('model-tiny');
      expect(body.versions).toEqual([model.identity.id]);
      expect(body.inputs).toEqual([{ name: 'image', datatype: 'FP32', shape: [-1, 3, 32, 32] }]);
      expect(body.outputs.map((o: { name: string; shape: number[] }) => [o.name, o.shape])).toEqual([
        ['prob', [-1]],
        ['attention', [-1, 16]],
        ['mask', [-1, 16]],
      ]);
    }
  });

  it('another model name or version is 404; an unknown path under /v2 is 404', async () => {
    expectRefusal(await get('/v2/models/other', 'error'), 404, /unknown model "other"; this server serves "model-tiny"/);
    expectRefusal(await get('/v2/models/model-tiny/versions/1/ready', 'error'), 404, /has version "[0-9a-f]{16}" .* found "1"/);
    expectRefusal(await get('/v2/repository/index', 'error'), 404, /no route GET \/v2\/repository\/index/);
  });
});

describe('Open Inference Protocol: infer', () => {
  it('a JSON request: the response validates, echoes id and parameters, prob in [0, 1]', async () => {
    const reply = await postJson('/v2/models/model-tiny/infer', { id: 'req-1', parameters: { tenant: 'a' }, ...imageInput([base64Face(), base64Face()]) }, { 'content-type': 'application/json' });
    expectOipResponse('inferenceResponse', reply.body);
    expect(reply.status).toBe(200);
    expect(reply.body.id).toBe('req-1');
    expect(reply.body.parameters).toEqual({ tenant: 'a' });
    expect(reply.body.model_version).toBe((await server.firstModel).identity.id);
    const [prob] = reply.body.outputs;
    expect(prob).toMatchObject({ name: 'prob', datatype: 'FP32', shape: [2] });
    expect(prob.data[0]).toBe(prob.data[1]);
    expect(prob.data[0]).toBeGreaterThanOrEqual(0);
    expect(prob.data[0]).toBeLessThanOrEqual(1);
  });

  it('a binary request as Triton\'s client sends it: the response validates in both parts', async () => {
    const result = await tritonInfer(server.address, 'model-tiny', [{ name: 'image', shape: [1], datatype: 'BYTES', values: [face], binary: true }]);
    expect(result.status).toBe(200);
    expectOipResponse('inferenceResponse', result.response);
    expect(result.headers.get('content-type')).toBe('application/octet-stream');
    expect(result.response.outputs).toEqual([{ name: 'prob', datatype: 'FP32', shape: [1], parameters: { binary_data_size: 4 } }]);
    expect(result.tail.length).toBe(4);
  });

  it.each([
    ['no inputs', imageInput([]), 400, /its first dimension counts the images and must be at least 1/],
    ['another input name', { inputs: [{ name: 'pixels', shape: [1], datatype: 'BYTES', data: ['AA=='] }] }, 400, /expected one input, "image"; found "pixels"/],
    ['a datatype it does not take', imageInput([1], [1], 'INT8'), 400, /must be BYTES .* or FP32 \[N, 3, 32, 32\]; found INT8/],
    ['FP32 of the wrong size', imageInput(new Array(12).fill(0), [1, 3, 2, 2], 'FP32'), 400, /must have shape \[N, 3, 32, 32\] .* found \[1, 3, 2, 2\]/],
    ['too few FP32 values', imageInput([0.5], [1, 3, 32, 32], 'FP32'), 400, /has 1 values in data; its shape needs 3072/],
    ['a BYTES element that is not base64', imageInput(['not base64!']), 400, /element 0 must be the encoded image as a base64 string/],
    ['base64 that is not an image', imageInput([Buffer.from('hello').toString('base64')]), 400, /image element 0 is not a readable image/],
    ['more images than --max-batch', imageInput(new Array(5).fill('AA==')), 413, /carries 5 images; one request carries at most 4 \(--max-batch\)/],
    ['an unknown output', { ...imageInput(['AA==']), outputs: [{ name: 'logit' }] }, 400, /unknown output "logit"; this model's outputs are prob, attention, mask/],
    ['attention on a server without --attention', { ...imageInput(['AA==']), outputs: [{ name: 'attention' }] }, 403, /start it with --attention/],
    ['a request that is not the protocol\'s', { inputs: [{ name: 'image' }] }, 400, /does not follow the Open Inference Protocol: request\/inputs\/0 must have required property 'shape'/],
  ])('%s: refused', async (_what, body, status, message) => {
    expectRefusal(await postJson('/v2/models/model-tiny/infer', body), status, message);
  });

  it('malformed framing is refused: not JSON, a header length past the body, bytes nobody declared', async () => {
    expectRefusal(await postJson('/v2/models/model-tiny/infer', 'not json'), 400, /not JSON \(8 bytes\)/);
    const json = JSON.stringify({ inputs: [{ name: 'image', shape: [1], datatype: 'BYTES', parameters: { binary_data_size: 8 } }] });
    expectRefusal(await postJson('/v2/models/model-tiny/infer', `${json}abc`, { 'inference-header-content-length': String(json.length) }), 400, /declares 8 bytes of binary data but only 3 follow/);
    expectRefusal(await postJson('/v2/models/model-tiny/infer', json, { 'inference-header-content-length': String(json.length + 1) }), 400, /at most the body's \d+; found "\d+"/);
    expectRefusal(await postJson('/v2/models/model-tiny/infer', `${json}12345678x`, { 'inference-header-content-length': String(json.length) }), 400, /1 bytes after the JSON/);
    expectRefusal(await postJson('/v2/models/model-tiny/infer', json, { 'inference-header-content-length': 'many' }), 400, /Inference-Header-Content-Length must be the JSON's length/);
  });

  it('a body over --max-body-bytes is 413 in the protocol\'s error form', async () => {
    expectRefusal(await postJson('/v2/models/model-tiny/infer', imageInput(['A'.repeat(300 * 1024)])), 413, /larger than 262144 bytes/);
  });
});
