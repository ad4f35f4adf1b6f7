import type { FitMode } from './preprocess.ts';
import { maskStrategies, type MaskStrategy } from './topk-mask.ts';

/** `model.json`: everything a runtime needs to run an exported detector, written by `ftd export`. */
export interface ModelManifest {
  format: 'ftd-model';
  formatVersion: 1;
  /** The run the model was exported from. */
  name: string;
  producer: { name: 'ftd'; version: string };
  input: {
    /** Graph input is float32 [N, 3, size, size], RGB in [0, 1]: pixel / 255. */
    size: number;
    layout: 'NCHW';
    channels: 'RGB';
    scale: number;
    /** How a non-square picture is made square before resizing (see preprocess.ts). */
    fit: FitMode;
  };
  /** The student's feature map is h x w; the mask zeroes k of its positions. */
  featureGrid: { h: number; w: number; k: number };
  mask: { strategy: MaskStrategy; ratio: number; seed: number };
  onnx: { opset: number; irVersion: number; batch: 'dynamic' | number; foldBatchNorm: boolean };
  graphs: { teacher: GraphEntry; student: GraphEntry; detector?: GraphEntry };
  /** The reference inputs and tfjs outputs `ftd parity` checks every runtime against. */
  testData: { folder: string; inputs: string[]; outputs: string[]; count: number };
  training: { preset: string; step: number; epoch: number; config: unknown; metrics: unknown };
}

export interface GraphEntry {
  file: string;
  sha256: string;
  bytes: number;
  inputs: ValueEntry[];
  outputs: ValueEntry[];
}

export interface ValueEntry {
  name: string;
  type: 'float32' | 'int64';
  /** Dimensions; a string is a symbolic (dynamic) dimension such as "N". */
  shape: Array<number | string>;
}

export const MODEL_FORMAT_VERSION = 1;

/**
 * Checks a parsed model.json and returns it typed. Every problem names the field, what was expected and what
 * was found, prefixed with `source` (the file), because this is the boundary where a copied or hand-edited
 * model folder enters the runtimes.
 */
export function parseModelManifest(json: unknown, source = 'model.json'): ModelManifest {
  const check = new FieldChecker(source);
  const root = check.object(json, '');
  check.literal(root, 'format', 'ftd-model');
  const version = check.number(root, 'formatVersion');
  if (version !== MODEL_FORMAT_VERSION) {
    throw new RangeError(`${source}: formatVersion ${version} is not supported (this ftd reads version ${MODEL_FORMAT_VERSION}); re-export the model with this version of ftd`);
  }
  check.string(root, 'name');
  const input = check.object(root.input, 'input');
  check.positiveInteger(input, 'size', 'input.');
  check.literal(input, 'layout', 'NCHW', 'input.');
  check.oneOf(input, 'fit', ['cover', 'fill'], 'input.');
  check.number(input, 'scale', 'input.');
  const grid = check.object(root.featureGrid, 'featureGrid');
  const h = check.positiveInteger(grid, 'h', 'featureGrid.');
  const w = check.positiveInteger(grid, 'w', 'featureGrid.');
  const k = check.number(grid, 'k', 'featureGrid.');
  if (!Number.isInteger(k) || k < 0 || k > h * w) {
    throw new RangeError(`${source}: featureGrid.k must be an integer in [0, h*w = ${h * w}], found ${k}`);
  }
  const mask = check.object(root.mask, 'mask');
  check.oneOf(mask, 'strategy', maskStrategies, 'mask.');
  check.number(mask, 'seed', 'mask.');
  const graphs = check.object(root.graphs, 'graphs');
  for (const role of ['teacher', 'student', 'detector'] as const) {
    if (role === 'detector' && graphs.detector === undefined) continue;
    const graph = check.object(graphs[role], `graphs.${role}`);
    check.string(graph, 'file', `graphs.${role}.`);
    const sha = check.string(graph, 'sha256', `graphs.${role}.`);
    if (!/^[0-9a-f]{64}$/.test(sha)) throw new RangeError(`${source}: graphs.${role}.sha256 must be 64 lowercase hex digits, found "${sha}"`);
    check.array(graph, 'inputs', `graphs.${role}.`);
    check.array(graph, 'outputs', `graphs.${role}.`);
  }
  const testData = check.object(root.testData, 'testData');
  check.string(testData, 'folder', 'testData.');
  check.array(testData, 'inputs', 'testData.');
  check.array(testData, 'outputs', 'testData.');
  return json as ModelManifest;
}

type Json = Record<string, unknown>;

class FieldChecker {
  constructor(private readonly source: string) {}

  object(value: unknown, field: string): Json {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new TypeError(`${this.source}: ${field || 'the file'} must be a JSON object, found ${describe(value)}`);
    }
    return value as Json;
  }

  string(parent: Json, key: string, prefix = ''): string {
    const value = parent[key];
    if (typeof value !== 'string' || value === '') {
      throw new TypeError(`${this.source}: ${prefix}${key} must be a non-empty string, found ${describe(value)}`);
    }
    return value;
  }

  number(parent: Json, key: string, prefix = ''): number {
    const value = parent[key];
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new TypeError(`${this.source}: ${prefix}${key} must be a finite number, found ${describe(value)}`);
    }
    return value;
  }

  positiveInteger(parent: Json, key: string, prefix = ''): number {
    const value = this.number(parent, key, prefix);
    if (!Number.isInteger(value) || value <= 0) {
      throw new RangeError(`${this.source}: ${prefix}${key} must be a positive integer, found ${value}`);
    }
    return value;
  }

  array(parent: Json, key: string, prefix = ''): unknown[] {
    const value = parent[key];
    if (!Array.isArray(value)) throw new TypeError(`${this.source}: ${prefix}${key} must be an array, found ${describe(value)}`);
    return value;
  }

  literal(parent: Json, key: string, expected: string, prefix = ''): void {
    if (parent[key] !== expected) {
      throw new RangeError(`${this.source}: ${prefix}${key} must be "${expected}", found ${describe(parent[key])}`);
    }
  }

  oneOf(parent: Json, key: string, allowed: readonly string[], prefix = ''): void {
    const value = parent[key];
    if (typeof value !== 'string' || !allowed.includes(value)) {
      throw new RangeError(`${this.source}: ${prefix}${key} must be one of ${allowed.join(', ')}, found ${describe(value)}`);
    }
  }
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing (the field is missing)';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
