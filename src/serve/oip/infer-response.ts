import { endianness } from 'node:os';
import { HttpError } from '../http-error.ts';
import type { ImageScore } from '../score-batch.ts';
import type { ServedModel } from '../served-model.ts';
import type { InferParameters } from './infer-request-schema.ts';
import type { ParsedInferRequest } from './parse-infer-body.ts';

/** The outputs this server computes: the probability of fake, the teacher's attention and the student's mask. */
export const OUTPUT_NAMES = ['prob', 'attention', 'mask'] as const;
export type OutputName = (typeof OUTPUT_NAMES)[number];

export interface PlannedOutput {
  readonly name: OutputName;
  /** Sent as binary data after the JSON (Triton's extension) rather than in `data`. */
  readonly binary: boolean;
}

/**
 * Which outputs to send and how, decided before any image is decoded: `prob` when the request names none;
 * `attention` and `mask` only when asked for and the server runs with --attention (as /v1/detect's ?attention=1).
 */
export function planOutputs(request: ParsedInferRequest, attentionAllowed: boolean): PlannedOutput[] {
  const allBinary = request.parameters?.binary_data_output ?? false;
  const asked = request.outputs ?? [{ name: 'prob' }];
  return asked.map(({ name, parameters }) => {
    if (!(OUTPUT_NAMES as readonly string[]).includes(name)) {
      throw new HttpError(400, 'bad_request', `unknown output "${name}"; this model's outputs are ${OUTPUT_NAMES.join(', ')}`);
    }
    if (name !== 'prob' && !attentionAllowed) {
      throw new HttpError(403, 'attention_disabled', `output "${name}" is off on this server; start it with --attention to allow attention and mask`);
    }
    return { name: name as OutputName, binary: parameters?.binary_data ?? allBinary };
  });
}

export interface InferReply {
  /** The response object; with binary outputs, their bytes follow it in `binary`, in output order. */
  readonly json: Record<string, unknown>;
  readonly binary: readonly Uint8Array[];
}

/** The scores of one request as an Open Inference Protocol response, JSON or with binary outputs. */
export function inferResponse(request: ParsedInferRequest, plan: readonly PlannedOutput[], scores: readonly ImageScore[], model: ServedModel, modelName: string): InferReply {
  const { h, w } = model.detector.manifest.featureGrid;
  const binary: Uint8Array[] = [];
  const outputs = plan.map(({ name, binary: asBinary }) => {
    const values = name === 'prob' ? Float32Array.from(scores, (score) => score.prob) : concatenate(scores.map((score) => score[name]));
    const shape = name === 'prob' ? [scores.length] : [scores.length, h * w];
    if (!asBinary) return { name, datatype: 'FP32', shape, data: Array.from(values) };
    const bytes = littleEndianBytes(values);
    binary.push(bytes);
    return { name, datatype: 'FP32', shape, parameters: { binary_data_size: bytes.length } };
  });
  const parameters = passedThrough(request.parameters);
  const json = {
    model_name: modelName,
    model_version: model.identity.id,
    ...(request.id !== undefined ? { id: request.id } : {}),
    ...(parameters ? { parameters } : {}),
    outputs,
  };
  return { json, binary };
}

/** The request's parameters, less those of the binary data extension, which describe this request's framing only. */
function passedThrough(parameters: InferParameters | undefined): Record<string, unknown> | undefined {
  if (!parameters) return undefined;
  const { binary_data_output: _output, binary_data: _data, binary_data_size: _size, ...rest } = parameters;
  return Object.keys(rest).length > 0 ? rest : undefined;
}

function concatenate(arrays: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(arrays.reduce((sum, array) => sum + array.length, 0));
  let at = 0;
  for (const array of arrays) {
    out.set(array, at);
    at += array.length;
  }
  return out;
}

function littleEndianBytes(values: Float32Array): Uint8Array {
  if (endianness() === 'LE') return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  values.forEach((value, i) => view.setFloat32(i * 4, value, true));
  return bytes;
}
