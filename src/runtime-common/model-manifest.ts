import { JsonFields } from '../util/json-fields.ts';
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
  graphs: { teacher: GraphEntry; student: GraphEntry; detector?: GraphEntry; face?: GraphEntry };
  /** How face.onnx (graphs.face) is fed and what it was checked with; present when the export wrote it. */
  face?: FaceSection;
  /** The reference inputs and tfjs outputs `ftd parity` checks every runtime against. */
  testData: { folder: string; inputs: string[]; outputs: string[]; count: number };
  /** `init`: the pretrained files (name and sha256) the backbones started from; null, or absent before it existed: none. */
  training: { preset: string; step: number; epoch: number; config: unknown; init?: unknown; metrics: unknown };
}

export interface FaceSection {
  /** face.onnx takes one photo letterboxed to inputSize x inputSize (see faces/letterbox.ts), RGB in [0, 1]. */
  inputSize: number;
  /** The minimum score a face finder applies unless told otherwise, and the IoU inside the graph's NMS. */
  scoreThreshold: number;
  iouThreshold: number;
  /** Where the weights come from: package, version, license. */
  weights: { package: string; version: string; license: string };
  /** test data of face.onnx: its reference inputs and the tfjs outputs. */
  testData: { folder: string; inputs: string[]; outputs: string[]; count: number };
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
  const root = new JsonFields(json, source, '');
  root.literal('format', 'ftd-model');
  const version = root.number('formatVersion');
  if (version !== MODEL_FORMAT_VERSION) {
    throw new RangeError(`${source}: formatVersion ${version} is not supported (this ftd reads version ${MODEL_FORMAT_VERSION}); re-export the model with this version of ftd`);
  }
  root.string('name');
  const input = root.object('input');
  input.positiveInteger('size');
  input.literal('layout', 'NCHW');
  input.oneOf('fit', ['cover', 'fill']);
  input.number('scale');
  const grid = root.object('featureGrid');
  const h = grid.positiveInteger('h');
  const w = grid.positiveInteger('w');
  const k = grid.number('k');
  if (!Number.isInteger(k) || k < 0 || k > h * w) {
    throw new RangeError(`${source}: featureGrid.k must be an integer in [0, h*w = ${h * w}], found ${k}`);
  }
  const mask = root.object('mask');
  mask.oneOf('strategy', maskStrategies);
  mask.number('seed');
  const graphs = root.object('graphs');
  for (const role of ['teacher', 'student', 'detector', 'face'] as const) {
    if ((role === 'detector' || role === 'face') && !graphs.has(role)) continue;
    const graph = graphs.object(role);
    graph.string('file');
    const sha = graph.string('sha256');
    if (!/^[0-9a-f]{64}$/.test(sha)) throw new RangeError(`${source}: graphs.${role}.sha256 must be 64 lowercase hex digits, found "${sha}"`);
    graph.array('inputs');
    graph.array('outputs');
  }
  if (graphs.has('face')) {
    const face = root.object('face');
    face.positiveInteger('inputSize');
    for (const field of ['scoreThreshold', 'iouThreshold'] as const) {
      const value = face.number(field);
      if (!(value >= 0 && value < 1)) throw new RangeError(`${source}: face.${field} must be in [0, 1), found ${value}`);
    }
    const faceData = face.object('testData');
    faceData.string('folder');
    faceData.array('inputs');
    faceData.array('outputs');
  }
  const testData = root.object('testData');
  testData.string('folder');
  testData.array('inputs');
  testData.array('outputs');
  return json as ModelManifest;
}
