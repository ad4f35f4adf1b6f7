import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;

/**
 * The smallest graph that makes an EP do work: y = x * x on float32 [1, 4]. Creating and running a session on
 * it tells whether an EP can run on this machine (a GPU EP fails here when no adapter exists) before any real
 * model is loaded. Opset 17 and IR 8, like every ftd export.
 */
export function probeModel(): Uint8Array {
  const value = (name: string) => ({
    name,
    type: { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT, shape: { dim: [{ dimValue: 1 }, { dimValue: 4 }] } } },
  });
  const model = onnx.ModelProto.create({
    irVersion: 8,
    opsetImport: [{ domain: '', version: 17 }],
    producerName: 'ftd-probe',
    graph: {
      name: 'probe',
      node: [{ opType: 'Mul', input: ['x', 'x'], output: ['y'], name: 'square' }],
      input: [value('x')],
      output: [value('y')],
    },
  });
  return new Uint8Array(onnx.ModelProto.encode(model).finish());
}
