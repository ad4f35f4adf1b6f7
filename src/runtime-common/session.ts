/**
 * The one interface both runtimes implement. An adapter (onnxruntime-node, onnxruntime-web) only creates
 * sessions and moves tensors; everything else (pre-processing, the mask, the pipeline, parity) is written once
 * against this interface.
 */

/** A dense float32 tensor, row-major. */
export interface Tensor {
  readonly data: Float32Array;
  readonly dims: readonly number[];
}

export interface Session {
  /** The execution provider that actually runs this session ('cpu', 'webgpu', 'cuda', 'wasm'). */
  readonly ep: string;
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  run(feeds: Readonly<Record<string, Tensor>>): Promise<Record<string, Tensor>>;
  release(): Promise<void>;
}

/** Which graph of a model folder a session is for. */
export type GraphRole = 'teacher' | 'student' | 'detector' | 'face';

/** Creates a session for one graph from its bytes (already checked against model.json's sha256). */
export type SessionFactory = (model: Uint8Array, role: GraphRole) => Promise<Session>;

/** Reads the files of a model folder: the file system under Node, HTTP in a browser. */
export interface ModelSource {
  /** Where the files come from, for messages (a folder or a base URL). */
  readonly location: string;
  readText(file: string): Promise<string>;
  readBytes(file: string): Promise<Uint8Array>;
}

export function tensor(data: Float32Array, dims: readonly number[]): Tensor {
  const expected = dims.reduce((a, b) => a * b, 1);
  if (data.length !== expected) {
    throw new RangeError(`tensor of dims [${dims.join(', ')}] needs ${expected} values, got ${data.length}`);
  }
  return { data, dims };
}
