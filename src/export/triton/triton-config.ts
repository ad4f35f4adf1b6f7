import type { ValueEntry } from '../../runtime-common/model-manifest.ts';
import type { GraphSignature } from '../graph-signature.ts';

/** The fields of Triton's ModelConfig (model_config.proto) that the exported repository sets. */
export interface TritonTensor {
  readonly name: string;
  readonly dataType: 'TYPE_FP32' | 'TYPE_INT64';
  /** Without the batch dimension, which Triton adds when max_batch_size > 0. */
  readonly dims: readonly number[];
  /** The graph's own shape (less the batch) when Triton needs other dims to describe it: a [N] output is dims [1]. */
  readonly reshape?: readonly number[];
}

export interface TritonModelConfig {
  readonly name: string;
  readonly platform: 'onnxruntime_onnx';
  readonly maxBatchSize: number;
  readonly inputs: readonly TritonTensor[];
  readonly outputs: readonly TritonTensor[];
  readonly dynamicBatching: { readonly maxQueueDelayMicroseconds: number };
}

export interface TritonConfigOptions {
  /** Images per batch Triton may form (its max_batch_size). */
  readonly maxBatchSize: number;
  /** How long Triton's dynamic batcher holds a request for company, as `ftd serve --max-wait-ms` does. */
  readonly maxQueueDelayMicroseconds: number;
}

/**
 * The config of a dynamic-batch ONNX graph for Triton's onnxruntime backend, read from the graph's declared
 * interface: every tensor must have the batch as its first, symbolic, dimension and fixed sizes after it.
 * Triton wants at least one dimension besides the batch, so a per-image scalar ([N]) is declared as dims [1]
 * with `reshape: { shape: [] }`, Triton's own way to describe it.
 */
export function tritonConfig(name: string, signature: GraphSignature, options: TritonConfigOptions): TritonModelConfig {
  return {
    name,
    platform: 'onnxruntime_onnx',
    maxBatchSize: options.maxBatchSize,
    inputs: signature.inputs.map((entry) => tritonTensor(entry, 'input')),
    outputs: signature.outputs.map((entry) => tritonTensor(entry, 'output')),
    dynamicBatching: { maxQueueDelayMicroseconds: options.maxQueueDelayMicroseconds },
  };
}

function tritonTensor(entry: ValueEntry, side: 'input' | 'output'): TritonTensor {
  const [batch, ...rest] = entry.shape;
  if (typeof batch !== 'string') {
    throw new RangeError(`graph ${side} "${entry.name}" has a fixed batch of ${String(batch)}; a Triton repository needs a dynamic-batch export (ftd export --batch dynamic)`);
  }
  const dims = rest.map((dim) => {
    if (typeof dim !== 'number') throw new RangeError(`graph ${side} "${entry.name}" has a symbolic dimension "${dim}" after the batch; Triton needs fixed sizes there`);
    return dim;
  });
  const dataType = entry.type === 'float32' ? 'TYPE_FP32' : 'TYPE_INT64';
  return dims.length === 0 ? { name: entry.name, dataType, dims: [1], reshape: [] } : { name: entry.name, dataType, dims };
}
