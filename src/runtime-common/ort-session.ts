import type { InferenceSession, Tensor as OrtTensor } from 'onnxruntime-common';
import type { Session, Tensor } from './session.ts';

/** The Tensor constructor of whichever onnxruntime package made the session (node and web each have their own). */
export type OrtTensorConstructor = new (type: 'float32', data: Float32Array, dims: readonly number[]) => OrtTensor;

/**
 * An onnxruntime-node or onnxruntime-web session behind the runtime-common interface: both packages implement
 * onnxruntime-common's InferenceSession, so one adapter moves tensors for every runtime. ftd graphs take and
 * give float32 only; anything else is a graph this code did not export.
 */
export class OrtSession implements Session {
  constructor(
    protected readonly session: InferenceSession,
    private readonly TensorClass: OrtTensorConstructor,
    readonly ep: string,
  ) {}

  get inputNames(): readonly string[] {
    return this.session.inputNames;
  }

  get outputNames(): readonly string[] {
    return this.session.outputNames;
  }

  async run(feeds: Readonly<Record<string, Tensor>>): Promise<Record<string, Tensor>> {
    const ortFeeds: Record<string, OrtTensor> = {};
    for (const [name, value] of Object.entries(feeds)) ortFeeds[name] = new this.TensorClass('float32', value.data, value.dims);
    const results = await this.session.run(ortFeeds);
    const out: Record<string, Tensor> = {};
    for (const [name, value] of Object.entries(results)) {
      if (value.type !== 'float32') throw new TypeError(`graph output "${name}" is ${value.type}; ftd graphs output float32`);
      out[name] = { data: value.data as Float32Array, dims: value.dims };
    }
    return out;
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}
