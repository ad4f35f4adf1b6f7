import { onnxDataType, tensorToProto, type TensorElementType } from '../../runtime-common/tensor-proto.ts';
import type { Attributes } from '../../training/modules/emit.ts';
import { makeAttributes } from './attributes.ts';
import {
  IR_VERSION,
  OPSET_VERSION,
  PRODUCER_NAME,
  PRODUCER_VERSION,
  onnx,
  type GraphProto,
  type ModelProto,
  type NodeProto,
  type OperatorSetIdProto,
  type TensorProto,
  type ValueInfoProto,
} from './proto.ts';

/**
 * Message constructors shaped like the Python package's `onnx.helper`. They fill every field the same way for
 * the same arguments and never read a clock, so a graph always serialises to the same bytes.
 */

export { makeAttribute } from './attributes.ts';

/** A node; attributes are sorted by name. `domain` is left unset for the default (ai.onnx) domain. */
export function makeNode(
  opType: string,
  inputs: readonly string[],
  outputs: readonly string[],
  name: string,
  attributes: Attributes = {},
  domain = '',
): NodeProto {
  const node: NodeProto = {
    input: [...inputs],
    output: [...outputs],
    name,
    opType,
    attribute: makeAttributes(attributes, `node "${name}" (${opType})`),
  };
  if (domain !== '') node.domain = domain;
  return node;
}

/** A tensor with little-endian `raw_data`. Int64 and bool values may be given as plain numbers. */
export function makeTensor(
  name: string,
  elementType: TensorElementType,
  dims: readonly number[],
  values: ArrayLike<number> | BigInt64Array,
): TensorProto {
  const where = `tensor "${name}"`;
  if (elementType === 'float32') {
    const data = values instanceof Float32Array ? values : Float32Array.from(values as ArrayLike<number>);
    return tensorToProto({ name, type: elementType, dims, data });
  }
  if (elementType === 'int64') {
    const data = values instanceof BigInt64Array ? values : BigInt64Array.from(values as ArrayLike<number>, (value, i) => {
      if (!Number.isSafeInteger(value)) throw new RangeError(`${where}: int64 values must be safe integers, got ${value} at index ${i}`);
      return BigInt(value);
    });
    return tensorToProto({ name, type: elementType, dims, data });
  }
  const data = values instanceof Uint8Array ? values : Uint8Array.from(values as ArrayLike<number>, (value) => Number(value));
  return tensorToProto({ name, type: elementType, dims, data });
}

/** A tensor-typed value: static dims are numbers, symbolic dims (a batch size 'N') are names. */
export function makeValueInfo(name: string, elementType: TensorElementType, shape: ReadonlyArray<number | string>): ValueInfoProto {
  const dim = shape.map((size, index) => {
    if (typeof size === 'string' && size !== '') return { dimParam: size };
    if (typeof size === 'number' && Number.isSafeInteger(size) && size >= 0) return { dimValue: size };
    throw new RangeError(`value "${name}": shape[${index}] must be a non-negative integer or a dimension name, got ${JSON.stringify(size)}`);
  });
  return { name, type: { tensorType: { elemType: onnxDataType[elementType], shape: { dim } } } };
}

export function makeOpsetImport(domain: string, version: number): OperatorSetIdProto {
  return { domain, version };
}

export function makeGraph(
  nodes: readonly NodeProto[],
  name: string,
  inputs: readonly ValueInfoProto[],
  outputs: readonly ValueInfoProto[],
  initializers: readonly TensorProto[] = [],
): GraphProto {
  return { node: [...nodes], name, input: [...inputs], output: [...outputs], initializer: [...initializers] };
}

/** A model at IR 8 importing opset 17 of the default domain, stamped with this package's name and version. */
export function makeModel(
  graph: GraphProto,
  options: { opsetImports?: readonly OperatorSetIdProto[]; irVersion?: number } = {},
): ModelProto {
  return onnx.ModelProto.create({
    irVersion: options.irVersion ?? IR_VERSION,
    producerName: PRODUCER_NAME,
    producerVersion: PRODUCER_VERSION,
    graph,
    opsetImport: [...(options.opsetImports ?? [makeOpsetImport('', OPSET_VERSION)])],
  });
}
