import { Ajv } from 'ajv';
import { HttpError } from '../http-error.ts';
import { inferRequestSchema, type InferRequest, type InferRequestInput } from './infer-request-schema.ts';

/** An input with its tensor: JSON `data`, or the bytes the binary data extension sent after the JSON. */
export type ParsedInput = InferRequestInput & { readonly binary?: Uint8Array };

export interface ParsedInferRequest extends Omit<InferRequest, 'inputs'> {
  readonly inputs: readonly ParsedInput[];
}

const validateRequest = new Ajv({ allErrors: false }).compile<InferRequest>(inferRequestSchema);

/**
 * An infer body -> the request and each input's tensor. With Triton's binary data extension the header
 * Inference-Header-Content-Length gives the JSON's length and the inputs' bytes follow it, in the order of the
 * inputs that declare `binary_data_size`; without it the whole body is JSON. Anything malformed is a 400 that
 * says where.
 */
export function parseInferBody(body: Uint8Array, headerLength: string | string[] | undefined): ParsedInferRequest {
  const jsonLength = headerLength === undefined ? body.length : parseHeaderLength(headerLength, body.length);
  let request: unknown;
  try {
    request = JSON.parse(new TextDecoder().decode(body.subarray(0, jsonLength)));
  } catch (error) {
    throw new HttpError(400, 'bad_request', `the inference request is not JSON (${jsonLength} bytes): ${(error as Error).message}`);
  }
  if (!validateRequest(request)) {
    const [first] = validateRequest.errors ?? [];
    throw new HttpError(400, 'bad_request', `the inference request does not follow the Open Inference Protocol: request${first?.instancePath ?? ''} ${first?.message ?? 'is invalid'}`);
  }
  let offset = jsonLength;
  const inputs = request.inputs.map((input, index): ParsedInput => {
    const size = input.parameters?.binary_data_size;
    const what = `inputs[${index}] ("${input.name}")`;
    if (size === undefined) {
      if (input.data === undefined) throw new HttpError(400, 'bad_request', `${what} has neither "data" nor parameters.binary_data_size`);
      return input;
    }
    if (input.data !== undefined) throw new HttpError(400, 'bad_request', `${what} has both "data" and parameters.binary_data_size; send its tensor one way`);
    if (offset + size > body.length) {
      throw new HttpError(400, 'bad_request', `${what} declares ${size} bytes of binary data but only ${body.length - offset} follow the JSON (Inference-Header-Content-Length ${jsonLength})`);
    }
    const binary = body.subarray(offset, offset + size);
    offset += size;
    return { ...input, binary };
  });
  if (offset !== body.length) {
    throw new HttpError(400, 'bad_request', `the body has ${body.length - offset} bytes after the JSON and the binary inputs it declares; expected none`);
  }
  return { ...request, inputs };
}

function parseHeaderLength(value: string | string[], bodyLength: number): number {
  const text = Array.isArray(value) ? value[0] : value;
  const length = /^\d+$/.test(text ?? '') ? Number(text) : NaN;
  if (!Number.isSafeInteger(length) || length > bodyLength) {
    throw new HttpError(400, 'bad_request', `Inference-Header-Content-Length must be the JSON's length in bytes, at most the body's ${bodyLength}; found ${JSON.stringify(value)}`);
  }
  return length;
}
