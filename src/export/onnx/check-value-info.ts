import { int64ToBigInt } from '../../runtime-common/tensor-proto.ts';
import { onnx, type ValueInfoProto } from './proto.ts';

/**
 * What keeps a graph input or output from being fully described: runtimes size their buffers and validate
 * feeds from these declarations, so each needs an element type and a rank, and every dimension a size or a
 * name.
 */
export function valueInfoProblems(info: ValueInfoProto): string[] {
  const tensorType = info.type?.tensorType;
  if (!tensorType) return ['has no tensor type'];
  const problems: string[] = [];
  const elemType = tensorType.elemType ?? 0;
  if (elemType === onnx.TensorProto.DataType.UNDEFINED || onnx.TensorProto.DataType[elemType] === undefined) {
    problems.push(`element type ${elemType} is not a TensorProto data type`);
  }
  if (!tensorType.shape) return [...problems, 'has no shape (its rank is unknown)'];
  (tensorType.shape.dim ?? []).forEach((dim, index) => {
    const hasValue = dim.dimValue !== undefined && dim.dimValue !== null;
    if (hasValue && int64ToBigInt(dim.dimValue) < 0n) {
      problems.push(`dim ${index} is ${int64ToBigInt(dim.dimValue)}, expected a non-negative size`);
    } else if (!hasValue && !dim.dimParam) {
      problems.push(`dim ${index} has neither a size nor a name`);
    }
  });
  return problems;
}
