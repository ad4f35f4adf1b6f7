import type { Attributes, EmitOptions, GraphSink } from '../../training/modules/emit.ts';
import { makeNode, makeTensor } from './helper.ts';
import type { NameRegistry } from './names.ts';
import { scopedName } from './names.ts';
import { unknownOperatorProblem } from './operators.ts';
import type { NodeProto, TensorProto } from './proto.ts';

/** What every scope of one graph shares: the names handed out and the graph built so far. */
export interface GraphState {
  readonly names: NameRegistry;
  /** Values defined so far (graph inputs, initializers, node outputs): a node may only consume these. */
  readonly defined: Set<string>;
  readonly nodes: NodeProto[];
  readonly initializers: TensorProto[];
}

/**
 * A view of the graph under construction whose names carry a module path: in scope `blocks.0/attention`, the
 * first MatMul is `blocks.0/attention/MatMul_0` and the initializer `weight` is `blocks.0/attention/weight`.
 * Mistakes an emitter can make (an unknown operator, an undefined input, a bad attribute or initializer) throw
 * here, so the stack points at the emitter that made them.
 */
export class GraphScope implements GraphSink {
  constructor(
    readonly options: EmitOptions,
    protected readonly state: GraphState,
    /** The scope's path, '' at the root. */
    readonly path: string,
  ) {}

  scope(name: string): GraphScope {
    if (!/^[^/]+(\/[^/]+)*$/.test(name)) {
      throw new RangeError(`scope name must be non-empty '/'-separated segments, got "${name}" (inside scope "${this.path}")`);
    }
    return new GraphScope(this.options, this.state, scopedName(this.path, name));
  }

  initializer(name: string, values: Float32Array, dims: readonly number[]): string {
    return this.addInitializer(name, (full) => makeTensor(full, 'float32', dims, values));
  }

  int64Initializer(name: string, values: readonly number[], dims: readonly number[]): string {
    return this.addInitializer(name, (full) => makeTensor(full, 'int64', dims, values));
  }

  node(opType: string, inputs: readonly string[], attributes: Attributes = {}, outputs = 1): string[] {
    const where = `${opType} node in scope "${this.path}"`;
    const unknown = unknownOperatorProblem(opType);
    if (unknown) throw new RangeError(`${where}: ${unknown}`);
    if (!Number.isSafeInteger(outputs) || outputs < 1) throw new RangeError(`${where}: outputs must be a positive integer, got ${outputs}`);
    for (const input of inputs) {
      if (input !== '' && !this.state.defined.has(input)) {
        throw new RangeError(`${where}: input "${input}" is not defined yet (add inputs, initializers and producing nodes first)`);
      }
    }
    const { names } = this.state;
    const nodeName = names.numbered(scopedName(this.path, opType));
    const outputNames = Array.from({ length: outputs }, (_, i) => names.unique(`${nodeName}_output_${i}`));
    this.state.nodes.push(makeNode(opType, inputs, outputNames, nodeName, attributes));
    for (const output of outputNames) this.state.defined.add(output);
    return outputNames;
  }

  private addInitializer(name: string, make: (fullName: string) => TensorProto): string {
    if (name === '') throw new RangeError(`initializer name must be non-empty (in scope "${this.path}")`);
    const candidate = scopedName(this.path, name);
    // Build (and so validate) before claiming the name, so a rejected tensor leaves the graph untouched.
    const tensor = make(candidate);
    tensor.name = this.state.names.unique(candidate);
    this.state.initializers.push(tensor);
    this.state.defined.add(tensor.name);
    return tensor.name;
  }
}
