import type { BenchBody } from './bench-bodies.ts';

/** The request forms the load test compares: ftd's own route, and the Open Inference Protocol in its two framings. */
export const BENCH_PROTOCOLS = ['detect', 'oip-json', 'oip-binary'] as const;
export type BenchProtocol = (typeof BENCH_PROTOCOLS)[number];

/** One request ready to send: where, the bytes and the headers. */
export interface BenchRequest {
  readonly path: string;
  readonly bytes: Uint8Array;
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * The same image in each protocol, one image per request: /v1/detect takes the encoded bytes as the body; OIP
 * JSON carries them base64 in a BYTES input (JSON strings cannot hold bytes); OIP binary sends them as Triton's
 * client does, a BYTES element (4-byte length + bytes) after the JSON, asking for `prob` back as binary.
 */
export function protocolRequest(protocol: BenchProtocol, body: BenchBody, modelName: string): BenchRequest {
  const path = `/v2/models/${encodeURIComponent(modelName)}/infer`;
  if (protocol === 'detect') return { path: '/v1/detect', bytes: body.bytes, headers: { 'content-type': body.contentType } };
  if (protocol === 'oip-json') {
    const request = { inputs: [{ name: 'image', shape: [1], datatype: 'BYTES', data: [Buffer.from(body.bytes).toString('base64')] }] };
    return { path, bytes: Buffer.from(JSON.stringify(request)), headers: { 'content-type': 'application/json' } };
  }
  const request = { inputs: [{ name: 'image', shape: [1], datatype: 'BYTES', parameters: { binary_data_size: 4 + body.bytes.length } }], outputs: [{ name: 'prob', parameters: { binary_data: true } }] };
  const json = Buffer.from(JSON.stringify(request));
  const length = Buffer.alloc(4);
  length.writeUInt32LE(body.bytes.length);
  return { path, bytes: Buffer.concat([json, length, body.bytes]), headers: { 'inference-header-content-length': String(json.length) } };
}
