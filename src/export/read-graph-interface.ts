import type { ValueEntry } from '../runtime-common/model-manifest.ts';
import { int64ToBigInt } from '../runtime-common/tensor-proto.ts';
import { onnx, type ModelProtoLike, type ValueInfoProto } from './onnx/proto.ts';
import type { GraphSignature } from './graph-signature.ts';

const elementTypes: Readonly<Record<number, ValueEntry['type']>> = {
  [onnx.TensorProto.DataType.FLOAT]: 'float32',
  [onnx.TensorProto.DataType.INT64]: 'int64',
};

/**
 * The inputs and outputs a serialised model declares, decoded from its bytes: model.json describes the
 * files as written, not what the exporter meant to write. `file` names the model in errors.
 */
export function readGraphInterface(bytes: Uint8Array, file: string): GraphSignature {
  let model: ModelProtoLike;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (error) {
    throw new TypeError(`${file} is not an ONNX model: ${(error as Error).message}`);
  }
  const graph = model.graph;
  if (!graph) throw new TypeError(`${file} is an ONNX model without a graph`);
  return {
    inputs: (graph.input ?? []).map((info) => valueEntry(info, `${file} input`)),
    outputs: (graph.output ?? []).map((info) => valueEntry(info, `${file} output`)),
  };
}

function valueEntry(info: ValueInfoProto, where: string): ValueEntry {
  const name = info.name ?? '';
  const tensorType = info.type?.tensorType;
  const type = elementTypes[tensorType?.elemType ?? 0];
  if (!tensorType || !type) {
    throw new TypeError(`${where} "${name}": expected a float32 or int64 tensor, found ${JSON.stringify(info.type ?? null)}`);
  }
  const shape = (tensorType.shape?.dim ?? []).map((dim, index) => {
    if (dim.dimParam) return dim.dimParam;
    if (dim.dimValue !== undefined && dim.dimValue !== null) return Number(int64ToBigInt(dim.dimValue));
    throw new TypeError(`${where} "${name}": dim ${index} has neither a size nor a name`);
  });
  return { name, type, shape };
}
