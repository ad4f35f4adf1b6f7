/**
 * Infer requests built and read the way Triton's Python HTTP client (tritonclient.http) builds and reads them,
 * so the server is tested against what that client sends, not against this project's idea of it:
 * - an input set with binary data gets `parameters.binary_data_size`, and its bytes follow the compact JSON;
 *   BYTES elements are each a 4-byte little-endian length and the bytes;
 * - an output asked for as binary gets `parameters.binary_data: true`; with no outputs named, the request sets
 *   `parameters.binary_data_output: true` (the client's default);
 * - when any binary data follows, the header Inference-Header-Content-Length gives the JSON's length, and no
 *   Content-Type is sent;
 * - the reply's JSON is its first Inference-Header-Content-Length bytes, and each output with
 *   `binary_data_size` takes that many of the bytes after it, in output order.
 */

export interface InferInput {
  readonly name: string;
  readonly shape: readonly number[];
  readonly datatype: 'BYTES' | 'FP32';
  /** BYTES: one Uint8Array per element; FP32: the values, row-major. */
  readonly values: readonly Uint8Array[] | Float32Array;
  /** Send as binary data after the JSON (tritonclient's `set_data_from_numpy(..., binary_data=True)`). */
  readonly binary: boolean;
}

export interface RequestedOutput {
  readonly name: string;
  readonly binary: boolean;
}

export interface InferResult {
  readonly status: number;
  readonly headers: Headers;
  /** The response JSON (or the error object). */
  readonly response: any;
  /** The binary bytes that followed the JSON, if any. */
  readonly tail: Uint8Array;
  /** An output as numbers, from `data` or from its binary bytes. */
  asArray(name: string): number[];
}

export function buildInferBody(inputs: readonly InferInput[], outputs: readonly RequestedOutput[] | undefined, options: { id?: string; parameters?: Record<string, unknown> } = {}): { body: Uint8Array; headerLength?: number } {
  const parameters: Record<string, unknown> = { ...options.parameters };
  const binaries: Uint8Array[] = [];
  const tensors = inputs.map((input) => {
    const tensor: Record<string, unknown> = { name: input.name, shape: input.shape, datatype: input.datatype };
    if (input.binary) {
      const bytes = inputBytes(input);
      binaries.push(bytes);
      tensor.parameters = { binary_data_size: bytes.length };
    } else {
      tensor.data = input.datatype === 'BYTES' ? (input.values as Uint8Array[]).map((v) => Buffer.from(v).toString('base64')) : Array.from(input.values as Float32Array);
    }
    return tensor;
  });
  const request: Record<string, unknown> = { ...(options.id !== undefined ? { id: options.id } : {}), inputs: tensors };
  if (outputs && outputs.length > 0) request.outputs = outputs.map((output) => ({ name: output.name, parameters: { binary_data: output.binary } }));
  else parameters.binary_data_output = true;
  if (Object.keys(parameters).length > 0) request.parameters = parameters;
  const json = Buffer.from(JSON.stringify(request));
  if (binaries.length === 0) return { body: json };
  return { body: Buffer.concat([json, ...binaries]), headerLength: json.length };
}

export async function tritonInfer(address: string, model: string, inputs: readonly InferInput[], outputs?: readonly RequestedOutput[], options: { id?: string; parameters?: Record<string, unknown> } = {}): Promise<InferResult> {
  const { body, headerLength } = buildInferBody(inputs, outputs, options);
  const response = await fetch(`${address}/v2/models/${model}/infer`, {
    method: 'POST',
    body: body as Uint8Array<ArrayBuffer>,
    headers: headerLength === undefined ? {} : { 'inference-header-content-length': String(headerLength) },
  });
  return readInferResult(response);
}

export async function readInferResult(response: Response): Promise<InferResult> {
  const bytes = new Uint8Array(await response.arrayBuffer());
  const header = response.headers.get('inference-header-content-length');
  const jsonLength = header === null ? bytes.length : Number(header);
  const parsed = JSON.parse(new TextDecoder().decode(bytes.subarray(0, jsonLength)));
  const tail = bytes.slice(jsonLength);
  const offsets = new Map<string, { start: number; size: number }>();
  let at = 0;
  for (const output of parsed.outputs ?? []) {
    const size = output.parameters?.binary_data_size;
    if (size === undefined) continue;
    offsets.set(output.name, { start: at, size });
    at += size;
  }
  return {
    status: response.status,
    headers: response.headers,
    response: parsed,
    tail,
    asArray: (name) => {
      const output = parsed.outputs.find((o: { name: string }) => o.name === name);
      if (!output) throw new Error(`no output ${name} in ${JSON.stringify(parsed)}`);
      const place = offsets.get(name);
      if (!place) return (output.data as unknown[]).flat(Infinity) as number[];
      const view = new DataView(tail.buffer, tail.byteOffset + place.start, place.size);
      return Array.from({ length: place.size / 4 }, (_, i) => view.getFloat32(i * 4, true));
    },
  };
}

function inputBytes(input: InferInput): Uint8Array {
  if (input.datatype === 'FP32') {
    const values = input.values as Float32Array;
    const bytes = new Uint8Array(values.length * 4);
    const view = new DataView(bytes.buffer);
    values.forEach((value, i) => view.setFloat32(i * 4, value, true));
    return bytes;
  }
  const elements = input.values as Uint8Array[];
  const out = new Uint8Array(elements.reduce((sum, e) => sum + 4 + e.length, 0));
  const view = new DataView(out.buffer);
  let at = 0;
  for (const element of elements) {
    view.setUint32(at, element.length, true);
    out.set(element, at + 4);
    at += 4 + element.length;
  }
  return out;
}
