import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { GraphBuilder } from '../../../../src/export/onnx/graph-builder.ts';
import { onnx } from '../../../../src/export/onnx/proto.ts';
import { float, type Attributes } from '../../../../src/training/modules/emit.ts';

const options = { name: 'g', foldBatchNorm: true };

/** A two-block graph; `order` decides the order attributes are written in, which must not matter. */
function build(attributeOrder: 'forward' | 'reverse' = 'forward'): GraphBuilder {
  const graph = new GraphBuilder(options);
  let x = graph.addInput('x', 'float32', ['N', 4]);
  for (const index of [0, 1]) {
    const block = graph.scope(`blocks.${index}`).scope('mlp');
    const weight = block.initializer('weight', Float32Array.from({ length: 16 }, (_, i) => i / 16 - index), [4, 4]);
    const bias = block.initializer('bias', new Float32Array(4).fill(index), [4]);
    const gemm: Attributes = { transB: 1, beta: float(0.5), alpha: float(1) };
    const attributes = Object.fromEntries(attributeOrder === 'forward' ? Object.entries(gemm) : Object.entries(gemm).reverse());
    [x] = block.node('Gemm', [x, weight, bias], attributes);
    [x] = block.node('Relu', [x!]);
  }
  graph.addOutput(x!, 'y', 'float32', ['N', 4]);
  return graph;
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('GraphBuilder', () => {
  it('serialises the same graph to the same bytes, whatever order attributes were written in', () => {
    const first = build().serialize();
    expect(first.length).toBeGreaterThan(0);
    expect(sha256(build().serialize())).toBe(sha256(first));
    expect(sha256(build('reverse').serialize())).toBe(sha256(first));
    const gemm = build('reverse').toModel().graph!.node![0]!;
    expect(gemm.attribute!.map((a) => a.name)).toEqual(['alpha', 'beta', 'transB']);
  });

  it('names nodes, outputs and initializers by scope with per-scope counters', () => {
    const graph = new GraphBuilder(options);
    const x = graph.addInput('x', 'float32', [2]);
    const attention = graph.scope('blocks.0').scope('attention');
    expect(attention.path).toBe('blocks.0/attention');
    expect(attention.node('Relu', [x])).toEqual(['blocks.0/attention/Relu_0_output_0']);
    expect(attention.node('Relu', [x])).toEqual(['blocks.0/attention/Relu_1_output_0']);
    // A second view of the same scope continues its counters instead of colliding.
    expect(graph.scope('blocks.0/attention').node('Relu', [x])).toEqual(['blocks.0/attention/Relu_2_output_0']);
    expect(graph.scope('blocks.1').node('Relu', [x])).toEqual(['blocks.1/Relu_0_output_0']);
    expect(graph.node('TopK', [x, graph.int64Initializer('k', [1], [1])], { axis: 0 }, 2)).toEqual([
      'TopK_0_output_0',
      'TopK_0_output_1',
    ]);
    expect(attention.initializer('scale', new Float32Array([1]), [1])).toBe('blocks.0/attention/scale');
    expect(attention.initializer('scale', new Float32Array([2]), [1])).toBe('blocks.0/attention/scale_1');
    graph.addOutput('TopK_0_output_0', 'top', 'float32', [1]);
    const nodes = graph.toModel().graph!.node!.map((node) => node.name);
    expect(nodes).toEqual([
      'blocks.0/attention/Relu_0',
      'blocks.0/attention/Relu_1',
      'blocks.0/attention/Relu_2',
      'blocks.1/Relu_0',
      'TopK_0',
      'top/Identity_0',
    ]);
  });

  it('gives a node output its public name through an Identity, and none when the names agree', () => {
    const graph = new GraphBuilder(options);
    const x = graph.addInput('x', 'float32', ['N']);
    const [y] = graph.node('Sigmoid', [x]);
    graph.addOutput(y!, 'prob', 'float32', ['N']);
    graph.addOutput(x, 'x', 'float32', ['N']);
    const model = graph.toModel().graph!;
    expect(model.node!.map((n) => [n.opType, n.input, n.output])).toEqual([
      ['Sigmoid', ['x'], ['Sigmoid_0_output_0']],
      ['Identity', ['Sigmoid_0_output_0'], ['prob']],
    ]);
    expect(model.output!.map((o) => o.name)).toEqual(['prob', 'x']);
    expect(model.output![0]!.type!.tensorType!.shape!.dim).toEqual([{ dimParam: 'N' }]);
  });

  it('writes the model header: IR 8, opset 17, producer ftd with the package version', async () => {
    const { default: packageJson } = await import('../../../../package.json', { with: { type: 'json' } });
    const model = onnx.ModelProto.decode(build().serialize());
    expect(Number(model.irVersion)).toBe(8);
    expect(model.opsetImport.map((o) => [o.domain, Number(o.version)])).toEqual([['', 17]]);
    expect([model.producerName, model.producerVersion]).toEqual(['ftd', packageJson.version]);
    expect(model.graph!.name).toBe('g');
    expect(model.graph!.initializer!.map((t) => t.name)).toEqual([
      'blocks.0/mlp/weight',
      'blocks.0/mlp/bias',
      'blocks.1/mlp/weight',
      'blocks.1/mlp/bias',
    ]);
  });

  it('rejects emitter mistakes where they happen, naming the node and scope', () => {
    const graph = new GraphBuilder(options);
    const x = graph.addInput('x', 'float32', [4]);
    const block = graph.scope('head');
    expect(() => block.node('Relu', ['nope'])).toThrow(
      new RangeError('Relu node in scope "head": input "nope" is not defined yet (add inputs, initializers and producing nodes first)'),
    );
    expect(() => block.node('Gelu', [x])).toThrow(/Gelu node in scope "head": operator Gelu arrived in opset 20/);
    expect(() => block.node('Gemm', [x, x], { alpha: 0.5 })).toThrow(
      new RangeError('node "head/Gemm_0" (Gemm): attribute "alpha": INT attributes need a safe integer, got 0.5 (tag floats with float(...))'),
    );
    expect(() => block.initializer('w', new Float32Array(5), [2, 2])).toThrow(
      new RangeError('tensor "head/w": dims [2, 2] need 4 values, got 5'),
    );
    expect(() => block.int64Initializer('shape', [1.5], [1])).toThrow(
      new RangeError('tensor "head/shape": int64 values must be safe integers, got 1.5 at index 0'),
    );
    expect(() => graph.scope('')).toThrow(RangeError);
    expect(() => graph.addInput('x', 'float32', [4])).toThrow(new RangeError('graph input name "x" is already used in this graph'));
    expect(() => graph.addInput('z', 'float32', [-1])).toThrow(
      new RangeError('value "z": shape[0] must be a non-negative integer or a dimension name, got -1'),
    );
    expect(() => graph.addOutput('nope', 'y', 'float32', [4])).toThrow(
      new RangeError('graph output "y": value "nope" is not defined in graph "g"'),
    );
    expect(() => new GraphBuilder({ name: '', foldBatchNorm: true })).toThrow(RangeError);
  });

  it('refuses to produce a model the checker rejects', () => {
    const graph = new GraphBuilder(options);
    graph.addInput('x', 'float32', [4]);
    expect(() => graph.toModel()).toThrow('ONNX graph "g" has 1 problem:\n  graph: has no outputs');
  });
});
