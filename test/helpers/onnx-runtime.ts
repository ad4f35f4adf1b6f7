import * as ort from 'onnxruntime-node';

/**
 * Runs a model once on onnxruntime-node's cpu EP, for tests that compare an emitted graph with tfjs or a hand
 * computation. One intra-op thread keeps results reproducible and leaves the other core to the other test
 * worker.
 */

export type Feed = { readonly data: Float32Array | BigInt64Array; readonly dims: readonly number[] };
export type FloatOutput = { data: Float32Array; dims: number[] };
export type AnyOutput =
  | { type: 'float32'; data: Float32Array; dims: number[] }
  | { type: 'int64'; data: BigInt64Array; dims: number[] }
  | { type: 'bool'; data: Uint8Array; dims: number[] };

/** Runs the model and returns every output, which must all be float32 (see `runOnnxTensors` for others). */
export async function runOnnx(
  model: Uint8Array,
  feeds: Readonly<Record<string, Feed>>,
  options: ort.InferenceSession.SessionOptions = {},
): Promise<Record<string, FloatOutput>> {
  const outputs = await runOnnxTensors(model, feeds, options);
  const floats: Record<string, FloatOutput> = {};
  for (const [name, output] of Object.entries(outputs)) {
    if (output.type !== 'float32') {
      throw new TypeError(`runOnnx: output "${name}" is ${output.type}, expected float32; use runOnnxTensors for other types`);
    }
    floats[name] = { data: output.data, dims: output.dims };
  }
  return floats;
}

/** Runs the model and returns every output as a typed array with its element type and dims. */
export async function runOnnxTensors(
  model: Uint8Array,
  feeds: Readonly<Record<string, Feed>>,
  options: ort.InferenceSession.SessionOptions = {},
): Promise<Record<string, AnyOutput>> {
  const session = await ort.InferenceSession.create(model, {
    executionProviders: ['cpu'],
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
    ...options,
  });
  try {
    const inputs: Record<string, ort.Tensor> = {};
    for (const [name, feed] of Object.entries(feeds)) {
      inputs[name] = feed.data instanceof BigInt64Array
        ? new ort.Tensor('int64', feed.data, [...feed.dims])
        : new ort.Tensor('float32', feed.data, [...feed.dims]);
    }
    const results = await session.run(inputs);
    const outputs: Record<string, AnyOutput> = {};
    for (const name of session.outputNames) outputs[name] = toOutput(name, results[name]!);
    return outputs;
  } finally {
    await session.release();
  }
}

function toOutput(name: string, tensor: ort.Tensor): AnyOutput {
  const dims = [...tensor.dims];
  if (tensor.type === 'float32') return { type: 'float32', data: (tensor.data as Float32Array).slice(), dims };
  if (tensor.type === 'int64') return { type: 'int64', data: (tensor.data as BigInt64Array).slice(), dims };
  if (tensor.type === 'bool') return { type: 'bool', data: Uint8Array.from(tensor.data as Uint8Array), dims };
  throw new TypeError(`output "${name}" has element type ${tensor.type}, expected float32, int64 or bool`);
}
