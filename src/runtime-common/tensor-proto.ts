import onnxProto from 'onnx-proto';
import { describeJson } from '../util/json-fields.ts';

/**
 * ONNX TensorProto encoding and decoding, as used by ONNX's backend-test layout (`test_data_set_0/input_0.pb`,
 * `output_0.pb`) and by graph initializers. Written against onnx-proto's protobufjs runtime only, so it runs
 * unchanged under Node and in a browser bundle.
 *
 * protobufjs decodes 64-bit fields to `Long` objects when the `long` package can be loaded (Node) and to plain
 * numbers when it cannot (a browser bundle), so every 64-bit value read here goes through `int64ToBigInt`.
 */

const { onnx } = onnxProto;
export type TensorProtoMessage = onnxProto.onnx.ITensorProto;

export type TensorElementType = 'float32' | 'int64' | 'bool';

/** A tensor with its graph value name. Bool elements are bytes holding 0 or 1. */
export type NamedTensor =
  | { readonly name: string; readonly type: 'float32'; readonly data: Float32Array; readonly dims: readonly number[] }
  | { readonly name: string; readonly type: 'int64'; readonly data: BigInt64Array; readonly dims: readonly number[] }
  | { readonly name: string; readonly type: 'bool'; readonly data: Uint8Array; readonly dims: readonly number[] };

/** `TensorProto.DataType` codes of the element types we read and write. */
export const onnxDataType: Readonly<Record<TensorElementType, number>> = { float32: 1, int64: 7, bool: 9 };
const bytesPerElement: Readonly<Record<TensorElementType, number>> = { float32: 4, int64: 8, bool: 1 };
const hostIsLittleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Builds a TensorProto with the data as little-endian `raw_data` (the compact form every reader accepts). */
export function tensorToProto(tensor: NamedTensor): TensorProtoMessage {
  const where = `tensor "${tensor.name}"`;
  const count = elementCount(tensor.dims, where);
  const expectedArray = { float32: Float32Array, int64: BigInt64Array, bool: Uint8Array }[tensor.type];
  if (!(tensor.data instanceof expectedArray)) {
    throw new TypeError(`${where}: type ${tensor.type} needs a ${expectedArray.name}, got ${describeJson(tensor.data)}`);
  }
  if (tensor.data.length !== count) {
    throw new RangeError(`${where}: dims [${tensor.dims.join(', ')}] need ${count} values, got ${tensor.data.length}`);
  }
  if (tensor.type === 'bool') {
    const bad = tensor.data.findIndex((value) => value > 1);
    if (bad >= 0) throw new RangeError(`${where}: bool values must be 0 or 1, got ${tensor.data[bad]} at index ${bad}`);
  }
  return {
    name: tensor.name,
    dims: [...tensor.dims],
    dataType: onnxDataType[tensor.type],
    rawData: littleEndianBytes(tensor),
  };
}

/** Reads a TensorProto's data (raw_data, or float_data / int64_data / int32_data) into a typed array. */
export function tensorFromProto(proto: TensorProtoMessage, source: string): NamedTensor {
  const name = proto.name ?? '';
  const where = `${source}: tensor "${name}"`;
  if (proto.dataLocation === onnx.TensorProto.DataLocation.EXTERNAL) {
    throw new TypeError(`${where}: external data is not supported, expected the data inside the TensorProto`);
  }
  if (proto.segment) throw new TypeError(`${where}: segmented tensors are not supported`);
  const type = elementTypeOf(proto.dataType ?? 0, where);
  const dims = (proto.dims ?? []).map((dim, index) => toDim(dim, `${where} dims[${index}]`));
  const count = elementCount(dims, where);
  const raw = proto.rawData ?? new Uint8Array(0);
  const typed = typedField(proto, type);
  if (raw.length > 0 && typed.length > 0) {
    throw new RangeError(`${where}: holds both raw_data and a typed data field, expected one`);
  }
  if (raw.length > 0 || count === 0) {
    const expectedBytes = count * bytesPerElement[type];
    if (raw.length !== expectedBytes) {
      throw new RangeError(`${where}: dims [${dims.join(', ')}] need ${expectedBytes} bytes of ${type} raw_data, got ${raw.length}`);
    }
    return fromLittleEndian(name, type, raw, dims);
  }
  if (typed.length !== count) {
    throw new RangeError(`${where}: dims [${dims.join(', ')}] need ${count} values of ${type}, got ${typed.length}`);
  }
  if (type === 'float32') return { name, type, dims, data: Float32Array.from(typed as number[]) };
  if (type === 'int64') return { name, type, dims, data: BigInt64Array.from(typed, (value) => int64ToBigInt(value)) };
  return { name, type, dims, data: Uint8Array.from(typed as number[], (value) => (value ? 1 : 0)) };
}

/** Serialises one tensor as a standalone TensorProto (the `.pb` files of `test_data_set_0/`). */
export function encodeTensorProto(tensor: NamedTensor): Uint8Array {
  return new Uint8Array(onnx.TensorProto.encode(tensorToProto(tensor)).finish());
}

/** Parses a standalone TensorProto; `source` (a file name or URL) is named in every error. */
export function decodeTensorProto(bytes: Uint8Array, source: string): NamedTensor {
  let proto: TensorProtoMessage;
  try {
    proto = onnx.TensorProto.decode(bytes);
  } catch (error) {
    throw new TypeError(`${source}: not a TensorProto (${error instanceof Error ? error.message : String(error)})`);
  }
  return tensorFromProto(proto, source);
}

/** A protobuf 64-bit value (a `Long`, a number or a decimal string) as an exact bigint. */
export function int64ToBigInt(value: unknown): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value);
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return BigInt(value);
  if (typeof value === 'object' && value !== null && 'low' in value && 'high' in value) {
    const { low, high, unsigned } = value as { low: number; high: number; unsigned?: boolean };
    const bits = (BigInt(high >>> 0) << 32n) | BigInt(low >>> 0);
    return unsigned ? BigInt.asUintN(64, bits) : BigInt.asIntN(64, bits);
  }
  throw new TypeError(`expected a 64-bit integer (number, Long or decimal string), got ${describeJson(value)}`);
}

/** The number of elements for `dims`, each a non-negative safe integer. */
function elementCount(dims: readonly number[], where: string): number {
  let count = 1;
  dims.forEach((dim, index) => {
    if (!Number.isSafeInteger(dim) || dim < 0) {
      throw new RangeError(`${where}: dims[${index}] must be a non-negative integer, got ${dim}`);
    }
    count *= dim;
  });
  return count;
}

function elementTypeOf(code: number, where: string): TensorElementType {
  const entry = Object.entries(onnxDataType).find(([, value]) => value === code);
  if (entry) return entry[0] as TensorElementType;
  const typeName = onnx.TensorProto.DataType[code] ?? `code ${code}`;
  throw new TypeError(`${where}: expected data type FLOAT, INT64 or BOOL, got ${typeName}`);
}

function typedField(proto: TensorProtoMessage, type: TensorElementType): readonly unknown[] {
  // ONNX stores bool elements in int32_data (one per element), not in a bool field.
  const field = type === 'float32' ? proto.floatData : type === 'int64' ? proto.int64Data : proto.int32Data;
  return field ?? [];
}

function toDim(value: unknown, where: string): number {
  const dim = int64ToBigInt(value);
  if (dim < 0n || dim > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RangeError(`${where}: expected a non-negative dimension, got ${dim}`);
  }
  return Number(dim);
}

function littleEndianBytes(tensor: NamedTensor): Uint8Array {
  const { data } = tensor;
  if (hostIsLittleEndian || tensor.type === 'bool') {
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice();
  }
  const bytes = new Uint8Array(data.byteLength);
  const view = new DataView(bytes.buffer);
  if (tensor.type === 'float32') tensor.data.forEach((value, i) => view.setFloat32(i * 4, value, true));
  else tensor.data.forEach((value, i) => view.setBigInt64(i * 8, value, true));
  return bytes;
}

function fromLittleEndian(name: string, type: TensorElementType, raw: Uint8Array, dims: number[]): NamedTensor {
  // A copy gives an aligned buffer of our own: decoded raw_data is a view at any offset into the message
  // (under Node a Buffer, whose slice() would not copy).
  const bytes = new Uint8Array(raw);
  if (type === 'bool') return { name, type, dims, data: bytes.map((value) => (value ? 1 : 0)) };
  if (hostIsLittleEndian) {
    return type === 'float32'
      ? { name, type, dims, data: new Float32Array(bytes.buffer) }
      : { name, type, dims, data: new BigInt64Array(bytes.buffer) };
  }
  const view = new DataView(bytes.buffer);
  return type === 'float32'
    ? { name, type, dims, data: Float32Array.from({ length: bytes.length / 4 }, (_, i) => view.getFloat32(i * 4, true)) }
    : { name, type, dims, data: BigInt64Array.from({ length: bytes.length / 8 }, (_, i) => view.getBigInt64(i * 8, true)) };
}
