import { onnx, type ModelProto } from './onnx/proto.ts';

/** Protobuf writes fields in a fixed order and the builder never reads a clock, so equal models give equal bytes. */
export function encodeModel(model: ModelProto): Uint8Array {
  return new Uint8Array(onnx.ModelProto.encode(model).finish());
}
