import { endianness } from 'node:os';
import type { ModelManifest } from '../../runtime-common/model-manifest.ts';
import { HttpError } from '../http-error.ts';
import type { Preprocessor } from '../worker/preprocess-pool.ts';
import type { ParsedInput } from './parse-infer-body.ts';

export interface InputLimits {
  /** Images one request may carry (--max-batch). */
  readonly maxImages: number;
  /** Decoded pixels of one encoded image (--max-pixels). */
  readonly maxPixels: number;
}

/**
 * The request's one input, `image`, as [3, S, S] pixel arrays: BYTES holds encoded JPEG, PNG or WebP images, one
 * element each (base64 strings in JSON; 4-byte little-endian length + bytes in binary), decoded and resized as
 * /v1/detect does; FP32 [N, 3, S, S] is the graph's own input, already pre-processed, used as it is.
 */
export async function inputImages(inputs: readonly ParsedInput[], manifest: ModelManifest, limits: InputLimits, preprocessor: Preprocessor): Promise<Float32Array[]> {
  const { size, fit } = manifest.input;
  if (inputs.length !== 1 || inputs[0]!.name !== 'image') {
    throw new HttpError(400, 'bad_request', `expected one input, "image"; found ${inputs.length === 0 ? 'none' : inputs.map((input) => `"${input.name}"`).join(', ')}`);
  }
  const input = inputs[0]!;
  const count = input.shape[0] ?? 0;
  if (count < 1) throw new HttpError(400, 'bad_request', `input "image" has shape [${input.shape.join(', ')}]; its first dimension counts the images and must be at least 1`);
  if (count > limits.maxImages) {
    throw new HttpError(413, 'too_large', `input "image" carries ${count} images; one request carries at most ${limits.maxImages} (--max-batch)`);
  }
  if (input.datatype === 'BYTES') {
    if (!(input.shape.length === 1 || (input.shape.length === 2 && input.shape[1] === 1))) {
      throw new HttpError(400, 'bad_request', `input "image" as BYTES must have shape [N] or [N, 1] (one encoded image per element), found [${input.shape.join(', ')}]`);
    }
    const encoded = input.binary ? splitBinaryBytes(input.binary, count) : jsonBytes(input.data!, count);
    return Promise.all(encoded.map((bytes, i) => preprocessor.prepare({ bytes, what: `image element ${i}`, maxPixels: limits.maxPixels, size, fit })));
  }
  if (input.datatype === 'FP32') {
    const expected = [count, 3, size, size];
    if (input.shape.length !== 4 || input.shape.some((dim, i) => dim !== expected[i])) {
      throw new HttpError(400, 'bad_request', `input "image" as FP32 must have shape [N, 3, ${size}, ${size}] (this model's input), found [${input.shape.join(', ')}]`);
    }
    const values = input.binary ? binaryFloats(input.binary, count * 3 * size * size) : jsonFloats(input.data!, count * 3 * size * size);
    const each = 3 * size * size;
    return Array.from({ length: count }, (_, i) => values.slice(i * each, (i + 1) * each));
  }
  throw new HttpError(400, 'bad_request', `input "image" must be BYTES (encoded JPEG, PNG or WebP, one element per image) or FP32 [N, 3, ${size}, ${size}]; found ${input.datatype}`);
}

/** BYTES in the binary extension: each element a 4-byte little-endian length and then its bytes. */
function splitBinaryBytes(binary: Uint8Array, count: number): Uint8Array[] {
  const view = new DataView(binary.buffer, binary.byteOffset, binary.byteLength);
  const elements: Uint8Array[] = [];
  let offset = 0;
  while (offset < binary.length) {
    if (offset + 4 > binary.length) throw new HttpError(400, 'bad_request', `input "image" binary data ends inside the length of element ${elements.length}`);
    const length = view.getUint32(offset, true);
    if (offset + 4 + length > binary.length) {
      throw new HttpError(400, 'bad_request', `input "image" element ${elements.length} declares ${length} bytes but ${binary.length - offset - 4} remain`);
    }
    // A copy of its own (a Node Buffer's slice() would be a view), so it can move to a decoding thread.
    elements.push(new Uint8Array(binary.subarray(offset + 4, offset + 4 + length)));
    offset += 4 + length;
  }
  if (elements.length !== count) throw new HttpError(400, 'bad_request', `input "image" has shape [${count}, ...] but its binary data holds ${elements.length} elements`);
  return elements;
}

/** BYTES in JSON: JSON strings cannot carry arbitrary bytes, so each element is the image in base64. */
function jsonBytes(data: readonly unknown[], count: number): Uint8Array[] {
  const elements = data.flat(Infinity);
  if (elements.length !== count) throw new HttpError(400, 'bad_request', `input "image" has shape [${count}, ...] but its data holds ${elements.length} elements`);
  return elements.map((element, i) => {
    if (typeof element !== 'string' || element.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(element)) {
      throw new HttpError(400, 'bad_request', `input "image" element ${i} must be the encoded image as a base64 string, found ${typeof element === 'string' ? 'a string that is not base64' : typeof element}`);
    }
    return new Uint8Array(Buffer.from(element, 'base64'));
  });
}

function jsonFloats(data: readonly unknown[], length: number): Float32Array {
  const values = data.flat(Infinity);
  if (values.length !== length) throw new HttpError(400, 'bad_request', `input "image" has ${values.length} values in data; its shape needs ${length}`);
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) {
    const value = values[i];
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new HttpError(400, 'bad_request', `input "image" value ${i} must be a finite number, found ${JSON.stringify(value)}`);
    out[i] = value;
  }
  return out;
}

/** FP32 in the binary extension: little-endian, row-major, no padding. */
function binaryFloats(binary: Uint8Array, length: number): Float32Array {
  if (binary.length !== length * 4) throw new HttpError(400, 'bad_request', `input "image" has ${binary.length} bytes of binary data; its shape needs ${length * 4} (FP32)`);
  // A copy, also because the body's bytes need not start at a multiple of 4.
  const out = new Float32Array(length);
  if (endianness() === 'LE') new Uint8Array(out.buffer).set(binary);
  else {
    const view = new DataView(binary.buffer, binary.byteOffset, binary.byteLength);
    for (let i = 0; i < length; i++) out[i] = view.getFloat32(i * 4, true);
  }
  return out;
}
