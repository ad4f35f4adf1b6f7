import onnxProto from 'onnx-proto';
import packageJson from '../../../package.json' with { type: 'json' };

/**
 * The ONNX protobuf messages (onnx-proto is CommonJS, so its namespace comes through the default import) and
 * the versions every graph we write declares.
 */
export const onnx = onnxProto.onnx;
/** A model as `makeModel` builds it (the message class, so `onnx.ModelProto.encode` and `toJSON` apply). */
export type ModelProto = onnxProto.onnx.ModelProto;
/** Any model-shaped object: a built model or a decoded one. */
export type ModelProtoLike = onnxProto.onnx.IModelProto;
export type GraphProto = onnxProto.onnx.IGraphProto;
export type NodeProto = onnxProto.onnx.INodeProto;
export type AttributeProto = onnxProto.onnx.IAttributeProto;
export type TensorProto = onnxProto.onnx.ITensorProto;
export type ValueInfoProto = onnxProto.onnx.IValueInfoProto;
export type OperatorSetIdProto = onnxProto.onnx.IOperatorSetIdProto;

/** The default-domain opset we emit: the newest that onnxruntime, onnxruntime-web and ONNX 1.12's checker all know. */
export const OPSET_VERSION = 17;
/** The IR version that goes with opset 17. */
export const IR_VERSION = 8;
export const PRODUCER_NAME = 'ftd';
export const PRODUCER_VERSION: string = packageJson.version;
