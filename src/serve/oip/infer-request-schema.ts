/**
 * The Open Inference Protocol's inference request (`inference_request` in the kserve/open-inference-protocol
 * repository's specification/protocol/open_inference_rest.yaml), as JSON Schema, with the parameters of Triton's
 * binary tensor data extension that this server reads. `data` is optional here because an input sent as binary
 * data carries `binary_data_size` instead; which of the two an input has is checked in code, with a message.
 */
const parameters = {
  type: 'object',
  properties: {
    binary_data_size: { type: 'integer', minimum: 0 },
    binary_data: { type: 'boolean' },
    binary_data_output: { type: 'boolean' },
  },
} as const;

const tensorData = { type: 'array' } as const;

export const inferRequestSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    parameters,
    inputs: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          name: { type: 'string' },
          shape: { type: 'array', items: { type: 'integer', minimum: 0 } },
          datatype: { type: 'string' },
          parameters,
          data: tensorData,
        },
        required: ['name', 'shape', 'datatype'],
      },
    },
    outputs: {
      type: 'array',
      items: { type: 'object', properties: { name: { type: 'string' }, parameters }, required: ['name'] },
    },
  },
  required: ['inputs'],
} as const;

export interface InferParameters {
  readonly binary_data_size?: number;
  readonly binary_data?: boolean;
  readonly binary_data_output?: boolean;
  readonly [other: string]: unknown;
}

export interface InferRequestInput {
  readonly name: string;
  readonly shape: readonly number[];
  readonly datatype: string;
  readonly parameters?: InferParameters;
  readonly data?: readonly unknown[];
}

export interface InferRequest {
  readonly id?: string;
  readonly parameters?: InferParameters;
  readonly inputs: readonly InferRequestInput[];
  readonly outputs?: ReadonlyArray<{ readonly name: string; readonly parameters?: InferParameters }>;
}
