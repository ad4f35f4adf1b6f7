import type { TensorElementType } from '../../runtime-common/tensor-proto.ts';
import type { EmitOptions } from '../../training/modules/emit.ts';
import { assertValidModel } from './checker.ts';
import { GraphScope } from './graph-scope.ts';
import { makeGraph, makeModel, makeNode, makeValueInfo } from './helper.ts';
import { NameRegistry } from './names.ts';
import { onnx, type ModelProto, type ValueInfoProto } from './proto.ts';

/**
 * Builds one ONNX graph (opset 17, IR 8) from emitters: the root `GraphSink`, plus the graph's inputs and
 * outputs. The same sequence of calls always gives byte-identical output.
 */
export class GraphBuilder extends GraphScope {
  readonly name: string;
  private readonly inputs: ValueInfoProto[] = [];
  private readonly outputs: ValueInfoProto[] = [];

  constructor(options: { name: string } & EmitOptions) {
    if (typeof options.name !== 'string' || options.name === '') {
      throw new RangeError(`graph name must be a non-empty string, got ${JSON.stringify(options.name)}`);
    }
    super({ foldBatchNorm: options.foldBatchNorm }, { names: new NameRegistry(), defined: new Set(), nodes: [], initializers: [] }, '');
    this.name = options.name;
  }

  /** Declares a graph input; `shape` holds sizes or dimension names ('N'). Returns `name`. */
  addInput(name: string, elementType: TensorElementType, shape: ReadonlyArray<number | string>): string {
    const info = makeValueInfo(name, elementType, shape);
    this.state.names.claim(name, 'graph input');
    this.inputs.push(info);
    this.state.defined.add(name);
    return name;
  }

  /**
   * Declares `valueName` a graph output called `outputName`. Node outputs carry generated names, so when the
   * two differ an Identity node gives the value its public name.
   */
  addOutput(valueName: string, outputName: string, elementType: TensorElementType, shape: ReadonlyArray<number | string>): void {
    if (!this.state.defined.has(valueName)) {
      throw new RangeError(`graph output "${outputName}": value "${valueName}" is not defined in graph "${this.name}"`);
    }
    if (this.outputs.some((output) => output.name === outputName)) {
      throw new RangeError(`graph output "${outputName}" is already declared in graph "${this.name}"`);
    }
    const info = makeValueInfo(outputName, elementType, shape);
    if (valueName !== outputName) {
      const { names } = this.state;
      names.claim(outputName, 'graph output');
      this.state.nodes.push(makeNode('Identity', [valueName], [outputName], names.numbered(`${outputName}/Identity`)));
      this.state.defined.add(outputName);
    }
    this.outputs.push(info);
  }

  /** The model, after the checker has passed it (an `OnnxCheckError` lists every finding otherwise). */
  toModel(): ModelProto {
    const graph = makeGraph(this.state.nodes, this.name, this.inputs, this.outputs, this.state.initializers);
    const model = makeModel(graph);
    assertValidModel(model);
    return model;
  }

  /** The checked model's bytes. */
  serialize(): Uint8Array {
    return new Uint8Array(onnx.ModelProto.encode(this.toModel()).finish());
  }
}
