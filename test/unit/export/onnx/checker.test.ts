import { describe, expect, it } from 'vitest';
import { OnnxCheckError, assertValidModel, checkModel } from '../../../../src/export/onnx/checker.ts';
import { makeGraph, makeModel, makeNode, makeOpsetImport, makeTensor, makeValueInfo } from '../../../../src/export/onnx/helper.ts';
import { onnx, type ModelProto, type NodeProto, type TensorProto, type ValueInfoProto } from '../../../../src/export/onnx/proto.ts';

/** x [N,2] -> MatMul(w) -> Relu -> y, with each test breaking one rule in a copy. */
interface GraphParts {
  node: NodeProto[];
  input: ValueInfoProto[];
  output: ValueInfoProto[];
  initializer: TensorProto[];
}

function model(edit: (graph: GraphParts) => void = () => {}): ModelProto {
  const graph: GraphParts = {
    node: [makeNode('MatMul', ['x', 'w'], ['h'], 'mm'), makeNode('Relu', ['h'], ['y'], 'relu')],
    input: [makeValueInfo('x', 'float32', ['N', 2])],
    output: [makeValueInfo('y', 'float32', ['N', 2])],
    initializer: [makeTensor('w', 'float32', [2, 2], [1, 2, 3, 4])],
  };
  edit(graph);
  return makeModel(makeGraph(graph.node, 'g', graph.input, graph.output, graph.initializer));
}

const problems = (m: ModelProto) => checkModel(m).map((f) => `${f.where}: ${f.problem}`);

describe('checkModel', () => {
  it('passes a well-formed graph, also after a serialisation round trip (64-bit fields as Long)', () => {
    expect(problems(model())).toEqual([]);
    const decoded = onnx.ModelProto.decode(onnx.ModelProto.encode(model()).finish());
    expect(problems(decoded)).toEqual([]);
  });

  it('rejects a value produced twice (SSA)', () => {
    const m = model((g) => g.node.push(makeNode('Relu', ['x'], ['h'], 'again')));
    expect(problems(m)).toEqual(['node "again" (Relu): "h" is already produced by node "mm" (MatMul) (values must be assigned once)']);
  });

  it('rejects nodes out of topological order, naming the later producer', () => {
    const m = model((g) => g.node.reverse());
    expect(problems(m)).toEqual(['node "relu" (Relu): input "h" is produced later by node "mm" (MatMul) (nodes must be in topological order)']);
  });

  it('rejects an undefined input and allows empty optional inputs', () => {
    const m = model((g) => {
      g.node[0] = makeNode('MatMul', ['x', 'v'], ['h'], 'mm');
      g.node.push(makeNode('Clip', ['y', '', ''], ['z'], 'clip'));
    });
    expect(problems(m)).toEqual(['node "mm" (MatMul): input "v" is not defined (not a graph input, an initializer or a node output)']);
  });

  it('rejects empty, repeated and input-shadowing initializer names', () => {
    const m = model((g) => {
      g.initializer.push(makeTensor('', 'float32', [1], [0]));
      g.initializer.push(makeTensor('w', 'float32', [1], [0]));
      g.initializer.push(makeTensor('x', 'float32', [1], [0]));
    });
    expect(problems(m)).toEqual([
      'initializer "": name must be non-empty',
      'initializer "w": "w" is already produced by initializer "w" (values must be assigned once)',
      'initializer "x": is also a graph input, which would let callers replace the weight at run time',
    ]);
  });

  it('rejects initializer data whose length does not match the dims, in raw and typed form', () => {
    const m = model((g) => {
      g.initializer[0]!.rawData = g.initializer[0]!.rawData!.subarray(0, 12);
      g.initializer.push({ name: 'b', dims: [3], dataType: onnx.TensorProto.DataType.INT64, int64Data: [1, 2] });
    });
    expect(problems(m)).toEqual([
      'initializer "w": dims [2, 2] of FLOAT need 16 bytes of raw_data, found 12',
      'initializer "b": dims [3] need 3 values in int64_data, found 2',
    ]);
  });

  it('requires graph inputs and outputs to be typed and shaped', () => {
    const m = model((g) => {
      g.input[0] = { name: 'x' };
      g.output[0] = { name: 'y', type: { tensorType: { elemType: 1, shape: { dim: [{ dimParam: 'N' }, {}] } } } };
      g.output.push({ name: 'h', type: { tensorType: { elemType: 0 } } });
    });
    expect(problems(m)).toEqual([
      'graph input "x": has no tensor type',
      'graph output "y": dim 1 has neither a size nor a name',
      'graph output "h": element type 0 is not a TensorProto data type',
      'graph output "h": has no shape (its rank is unknown)',
    ]);
  });

  it('rejects graph outputs nothing produces', () => {
    const m = model((g) => g.output.push(makeValueInfo('z', 'float32', [1])));
    expect(problems(m)).toEqual(['graph output "z": is not produced by any node, input or initializer']);
  });

  it('requires the opset 17 import and IR version 8', () => {
    expect(problems(makeModel(model().graph!, { opsetImports: [] }))).toEqual([
      'model: needs one opset_import for the default domain, found 0',
    ]);
    expect(problems(makeModel(model().graph!, { opsetImports: [makeOpsetImport('', 18)], irVersion: 7 }))).toEqual([
      'model: ir_version must be 8, found 7',
      'model: default-domain opset must be 17, found 18',
    ]);
  });

  it('names operators unknown at opset 17, with the replacement for later ones', () => {
    const m = model((g) => {
      g.node[1] = makeNode('Gelu', ['h'], ['y'], 'gelu');
      g.node.push(makeNode('Matmul', ['y', 'w'], ['z'], 'typo'));
    });
    expect(problems(m)).toEqual([
      'node "gelu" (Gelu): operator Gelu arrived in opset 20, after the opset 17 we export; write x * 0.5 * (1 + Erf(x / sqrt(2)))',
      'node "typo" (Matmul): operator "Matmul" is not in the default ONNX domain at opset 17 (operator names are case-sensitive)',
    ]);
  });

  it('requires attributes sorted by name', () => {
    const gemm = makeNode('Gemm', ['x', 'w'], ['y'], 'gemm', { transB: 1, alpha: { float: 2 } });
    const unsorted: NodeProto = { ...gemm, attribute: [...gemm.attribute!].reverse() };
    const m = model((g) => (g.node[1] = unsorted));
    expect(problems(m)).toEqual([
      'node "gemm" (Gemm): attributes must be sorted by name without repeats, found "transB" before "alpha"',
    ]);
  });

  it('rejects attribute types the builder cannot write and operators of other domains', () => {
    const m = model((g) => {
      g.node[1] = { input: ['h'], output: ['y'], opType: 'Relu', attribute: [{ name: 'value', type: onnx.AttributeProto.AttributeType.TENSOR }] };
      g.node.push(makeNode('FusedGemm', ['y', 'w'], ['z'], 'fused', {}, 'com.microsoft'));
    });
    expect(problems(m)).toEqual([
      'node #1 (Relu): attribute "value" has type TENSOR, expected INT, INTS, FLOAT, FLOATS or STRING',
      'node "fused" (FusedGemm): domain "com.microsoft" is not imported; only the default domain is exported',
    ]);
  });

  it('requires a graph name and at least one output', () => {
    const m = makeModel(makeGraph([], '', [makeValueInfo('x', 'float32', [1])], []));
    expect(problems(m)).toEqual(['graph: name must be non-empty', 'graph: has no outputs']);
  });

  it('throws one OnnxCheckError listing every finding with its node', () => {
    const m = model((g) => {
      g.node[0] = makeNode('MatMul', ['x', 'v'], ['h'], 'mm');
      g.node.push(makeNode('Relu', ['x'], ['y'], 'relu2'));
    });
    let error: unknown;
    try {
      assertValidModel(m);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(OnnxCheckError);
    expect(error).toBeInstanceOf(RangeError);
    expect((error as OnnxCheckError).findings).toHaveLength(2);
    expect((error as Error).message).toBe(
      'ONNX graph "g" has 2 problems:\n' +
        '  node "mm" (MatMul): input "v" is not defined (not a graph input, an initializer or a node output)\n' +
        '  node "relu2" (Relu): "y" is already produced by node "relu" (Relu) (values must be assigned once)',
    );
  });
});
