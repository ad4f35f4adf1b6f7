import { Ajv, type ValidateFunction } from 'ajv';

/**
 * JSON Schemas of the Open Inference Protocol responses this server implements, written from
 * specification/protocol/open_inference_rest.yaml and inference_rest.md in the kserve/open-inference-protocol
 * repository, plus the `binary_data_size` output parameter of Triton's binary tensor data extension
 * (docs/protocol/extension_binary_data.md in triton-inference-server/server). They live beside the tests
 * because only the tests use them: the server validates requests (src/serve/oip/infer-request-schema.ts), and a
 * response schema in src would only be the implementation checking itself. Where the specification leaves a
 * response open (the health bodies), these follow its prose; error bodies must be exactly `{"error": string}`.
 */
const metadataTensor = {
  type: 'object',
  properties: { name: { type: 'string' }, datatype: { type: 'string' }, shape: { type: 'array', items: { type: 'integer' } } },
  required: ['name', 'datatype', 'shape'],
};

const tensorData = { type: 'array', items: { anyOf: [{ $ref: '#/$defs/tensorData' }, { type: 'number' }, { type: 'string' }, { type: 'boolean' }] } };

const responseOutput = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    shape: { type: 'array', items: { type: 'integer', minimum: 0 } },
    datatype: { type: 'string' },
    parameters: { type: 'object', properties: { binary_data_size: { type: 'integer', minimum: 0 } } },
    data: { $ref: '#/$defs/tensorData' },
  },
  required: ['name', 'shape', 'datatype'],
  // `data` in JSON, or binary data after the JSON: one of the two.
  oneOf: [{ required: ['data'] }, { required: ['parameters'], properties: { parameters: { type: 'object', required: ['binary_data_size'] } } }],
};

export const oipResponseSchemas = {
  serverMetadata: {
    type: 'object',
    properties: { name: { type: 'string' }, version: { type: 'string' }, extensions: { type: 'array', items: { type: 'string' } } },
    required: ['name', 'version', 'extensions'],
  },
  serverLive: { type: 'object', properties: { live: { type: 'boolean' } }, required: ['live'] },
  serverReady: { type: 'object', properties: { ready: { type: 'boolean' } }, required: ['ready'] },
  modelReady: { type: 'object', properties: { name: { type: 'string' }, ready: { type: 'boolean' } }, required: ['name', 'ready'] },
  modelMetadata: {
    type: 'object',
    properties: {
      name: { type: 'string' },
      versions: { type: 'array', items: { type: 'string' } },
      platform: { type: 'string' },
      inputs: { type: 'array', items: metadataTensor },
      outputs: { type: 'array', items: metadataTensor },
    },
    required: ['name', 'platform', 'inputs', 'outputs'],
  },
  inferenceResponse: {
    $defs: { tensorData },
    type: 'object',
    properties: {
      model_name: { type: 'string' },
      model_version: { type: 'string' },
      id: { type: 'string' },
      parameters: { type: 'object' },
      outputs: { type: 'array', items: responseOutput },
    },
    required: ['model_name', 'outputs'],
  },
  error: { type: 'object', properties: { error: { type: 'string' } }, required: ['error'], additionalProperties: false },
} as const;

export type OipResponseKind = keyof typeof oipResponseSchemas;

const ajv = new Ajv({ allErrors: true });
const validators = Object.fromEntries(Object.entries(oipResponseSchemas).map(([kind, schema]) => [kind, ajv.compile(schema)])) as Record<OipResponseKind, ValidateFunction>;

/** Throws, with every violation, unless `body` is a valid response of `kind`. */
export function expectOipResponse(kind: OipResponseKind, body: unknown): void {
  const validate = validators[kind];
  if (!validate(body)) throw new Error(`not a valid ${kind} response: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(body).slice(0, 500)}`);
}
