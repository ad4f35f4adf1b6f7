import { int64ToBigInt } from '../../runtime-common/tensor-proto.ts';
import { byCodePoint } from './attributes.ts';
import { tensorDataProblems } from './check-tensor.ts';
import { valueInfoProblems } from './check-value-info.ts';
import { unknownOperatorProblem } from './operators.ts';
import { IR_VERSION, OPSET_VERSION, onnx, type GraphProto, type ModelProtoLike, type NodeProto } from './proto.ts';

/**
 * The structural checks every exported graph must pass before it is written: the properties runtimes rely on
 * and that a graph builder can get wrong. Every finding is collected, so one run shows every mistake.
 * Types and shapes flowing between nodes are left to ONNX's reference checker (see test/helpers).
 */

export interface Finding {
  /** The node, value, initializer or model field at fault, e.g. `node "blocks.0/MatMul_0" (MatMul)`. */
  readonly where: string;
  readonly problem: string;
}

export class OnnxCheckError extends RangeError {
  override name = 'OnnxCheckError';
  constructor(
    readonly graphName: string,
    readonly findings: readonly Finding[],
  ) {
    const count = findings.length === 1 ? '1 problem' : `${findings.length} problems`;
    super(`ONNX graph "${graphName}" has ${count}:\n${findings.map((f) => `  ${f.where}: ${f.problem}`).join('\n')}`);
  }
}

/** Throws an `OnnxCheckError` listing every finding, if there are any. */
export function assertValidModel(model: ModelProtoLike): void {
  const findings = checkModel(model);
  if (findings.length > 0) throw new OnnxCheckError(model.graph?.name ?? '', findings);
}

export function checkModel(model: ModelProtoLike): Finding[] {
  const findings: Finding[] = [];
  const irVersion = int64ToBigInt(model.irVersion ?? 0);
  if (irVersion !== BigInt(IR_VERSION)) {
    findings.push({ where: 'model', problem: `ir_version must be ${IR_VERSION}, found ${irVersion}` });
  }
  const defaultOpsets = (model.opsetImport ?? []).filter((opset) => !opset.domain || opset.domain === 'ai.onnx');
  if (defaultOpsets.length !== 1) {
    findings.push({ where: 'model', problem: `needs one opset_import for the default domain, found ${defaultOpsets.length}` });
  } else if (int64ToBigInt(defaultOpsets[0]!.version ?? 0) !== BigInt(OPSET_VERSION)) {
    findings.push({ where: 'model', problem: `default-domain opset must be ${OPSET_VERSION}, found ${int64ToBigInt(defaultOpsets[0]!.version ?? 0)}` });
  }
  if (!model.graph) return [...findings, { where: 'model', problem: 'has no graph' }];
  return [...findings, ...checkGraph(model.graph)];
}

function checkGraph(graph: GraphProto): Finding[] {
  const findings: Finding[] = [];
  const report = (where: string, problem: string) => findings.push({ where, problem });
  if (!graph.name) report('graph', 'name must be non-empty');
  // Where each value comes from, in definition order; a second definition is an SSA violation.
  const producers = new Map<string, string>();
  const define = (name: string, where: string) => {
    const earlier = producers.get(name);
    if (earlier !== undefined) report(where, `"${name}" is already produced by ${earlier} (values must be assigned once)`);
    else producers.set(name, where);
  };
  for (const input of graph.input ?? []) {
    const where = `graph input "${input.name ?? ''}"`;
    if (!input.name) report(where, 'name must be non-empty');
    else define(input.name, where);
    for (const problem of valueInfoProblems(input)) report(where, problem);
  }
  const inputNames = new Set((graph.input ?? []).map((input) => input.name));
  for (const tensor of graph.initializer ?? []) {
    const where = `initializer "${tensor.name ?? ''}"`;
    if (!tensor.name) report(where, 'name must be non-empty');
    else if (inputNames.has(tensor.name)) {
      report(where, 'is also a graph input, which would let callers replace the weight at run time');
    } else define(tensor.name, where);
    for (const problem of tensorDataProblems(tensor)) report(where, problem);
  }
  const nodes = graph.node ?? [];
  const laterProducer = new Map<string, string>();
  nodes.forEach((node, index) => {
    for (const output of node.output ?? []) if (output && !laterProducer.has(output)) laterProducer.set(output, describeNode(node, index));
  });
  nodes.forEach((node, index) => {
    const where = describeNode(node, index);
    for (const problem of nodeProblems(node)) report(where, problem);
    for (const input of node.input ?? []) {
      if (input === '' || producers.has(input)) continue;
      const later = laterProducer.get(input);
      report(where, later
        ? `input "${input}" is produced later by ${later} (nodes must be in topological order)`
        : `input "${input}" is not defined (not a graph input, an initializer or a node output)`);
    }
    for (const output of node.output ?? []) if (output !== '') define(output, where);
  });
  const outputs = new Set<string>();
  for (const output of graph.output ?? []) {
    const where = `graph output "${output.name ?? ''}"`;
    if (!output.name) report(where, 'name must be non-empty');
    else if (outputs.has(output.name)) report(where, 'is listed twice');
    else if (!producers.has(output.name)) report(where, 'is not produced by any node, input or initializer');
    if (output.name) outputs.add(output.name);
    for (const problem of valueInfoProblems(output)) report(where, problem);
  }
  if (outputs.size === 0) report('graph', 'has no outputs');
  return findings;
}

function nodeProblems(node: NodeProto): string[] {
  const problems: string[] = [];
  if (node.domain && node.domain !== 'ai.onnx') {
    problems.push(`domain "${node.domain}" is not imported; only the default domain is exported`);
  } else {
    const unknown = unknownOperatorProblem(node.opType ?? '');
    if (unknown) problems.push(unknown);
  }
  const names = (node.attribute ?? []).map((attribute) => attribute.name ?? '');
  if (names.some((name) => name === '')) problems.push('has an attribute with an empty name');
  const firstUnsorted = names.findIndex((name, i) => i > 0 && byCodePoint(names[i - 1]!, name) >= 0);
  if (firstUnsorted > 0) {
    problems.push(`attributes must be sorted by name without repeats, found "${names[firstUnsorted - 1]}" before "${names[firstUnsorted]}"`);
  }
  for (const attribute of node.attribute ?? []) {
    if (!supportedAttributeTypes.has(attribute.type ?? 0)) {
      const typeName = onnx.AttributeProto.AttributeType[attribute.type ?? 0] ?? attribute.type;
      problems.push(`attribute "${attribute.name}" has type ${typeName}, expected INT, INTS, FLOAT, FLOATS or STRING`);
    }
  }
  return problems;
}

const supportedAttributeTypes: ReadonlySet<number> = new Set([
  onnx.AttributeProto.AttributeType.INT,
  onnx.AttributeProto.AttributeType.INTS,
  onnx.AttributeProto.AttributeType.FLOAT,
  onnx.AttributeProto.AttributeType.FLOATS,
  onnx.AttributeProto.AttributeType.STRING,
]);

function describeNode(node: NodeProto, index: number): string {
  const name = node.name ? `"${node.name}"` : `#${index}`;
  return `node ${name} (${node.opType || 'no op_type'})`;
}
