import { int64ToBigInt } from '../../runtime-common/tensor-proto.ts';
import { onnx, type TensorProto } from './proto.ts';

const { DataType } = onnx.TensorProto;

/** Bytes per element in raw_data, and which typed field holds the elements otherwise (per onnx.proto). */
const layouts: ReadonlyMap<number, { bytes: number; field: keyof TensorProto }> = new Map([
  [DataType.FLOAT, { bytes: 4, field: 'floatData' }],
  [DataType.UINT8, { bytes: 1, field: 'int32Data' }],
  [DataType.INT8, { bytes: 1, field: 'int32Data' }],
  [DataType.UINT16, { bytes: 2, field: 'int32Data' }],
  [DataType.INT16, { bytes: 2, field: 'int32Data' }],
  [DataType.INT32, { bytes: 4, field: 'int32Data' }],
  [DataType.INT64, { bytes: 8, field: 'int64Data' }],
  [DataType.BOOL, { bytes: 1, field: 'int32Data' }],
  [DataType.FLOAT16, { bytes: 2, field: 'int32Data' }],
  [DataType.DOUBLE, { bytes: 8, field: 'doubleData' }],
  [DataType.UINT32, { bytes: 4, field: 'uint64Data' }],
  [DataType.UINT64, { bytes: 8, field: 'uint64Data' }],
  [DataType.BFLOAT16, { bytes: 2, field: 'int32Data' }],
]);

/** What is wrong with an initializer's dims, data type or data length; empty when nothing is. */
export function tensorDataProblems(tensor: TensorProto): string[] {
  const dataType = tensor.dataType ?? 0;
  const layout = layouts.get(dataType);
  if (!layout) return [`data type ${DataType[dataType] ?? dataType} is not a fixed-size numeric type`];
  if (tensor.dataLocation === onnx.TensorProto.DataLocation.EXTERNAL) return ['external data is not allowed in an exported graph'];
  const dims = (tensor.dims ?? []).map((dim) => int64ToBigInt(dim));
  const badDim = dims.findIndex((dim) => dim < 0n);
  if (badDim >= 0) return [`dims[${badDim}] is ${dims[badDim]}, expected a non-negative size`];
  const count = dims.reduce((product, dim) => product * dim, 1n);
  const shape = `dims [${dims.join(', ')}]`;
  const raw = tensor.rawData?.length ?? 0;
  const typed = (tensor[layout.field] as unknown[] | null | undefined)?.length ?? 0;
  const typeName = DataType[dataType];
  if (raw > 0 && typed > 0) return [`holds both raw_data and ${snakeCase(layout.field)}, expected one`];
  if (raw > 0 || typed === 0) {
    const expected = count * BigInt(layout.bytes);
    return BigInt(raw) === expected ? [] : [`${shape} of ${typeName} need ${expected} bytes of raw_data, found ${raw}`];
  }
  return BigInt(typed) === count ? [] : [`${shape} need ${count} values in ${snakeCase(layout.field)}, found ${typed}`];
}

function snakeCase(field: string): string {
  return field.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}
