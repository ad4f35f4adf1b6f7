import { MODEL_FORMAT_VERSION, type FaceSection, type GraphEntry, type ModelManifest } from '../runtime-common/model-manifest.ts';
import type { FitMode } from '../runtime-common/preprocess.ts';
import type { RunRecord } from '../training/checkpoint/index.ts';
import { featureGrid } from '../training/config.ts';
import { IR_VERSION, OPSET_VERSION, PRODUCER_NAME, PRODUCER_VERSION } from './onnx/proto.ts';
import { testDataFolder } from './test-data-set.ts';

export interface ManifestParts {
  /** The model's name: its run folder's name (never a path, which would tie model.json to one machine). */
  readonly name: string;
  readonly record: RunRecord;
  readonly batch: 'dynamic' | number;
  readonly foldBatchNorm: boolean;
  /** How the trainer made images square; runtimes must do the same. */
  readonly fit: FitMode;
  readonly graphs: { teacher: GraphEntry; student: GraphEntry; detector?: GraphEntry };
  readonly testData: { inputs: string[]; outputs: string[]; count: number };
  /** face.onnx's entry and how it is fed, when the export wrote it. */
  readonly face?: { entry: GraphEntry; section: FaceSection };
}

/**
 * model.json. Built from the run record and the written files only, in a fixed key order and without
 * timestamps, so exporting the same checkpoint twice gives the same bytes.
 */
export function buildManifest(parts: ManifestParts): ModelManifest {
  const { record } = parts;
  const model = record.config.model;
  const graphs: ModelManifest['graphs'] = { teacher: parts.graphs.teacher, student: parts.graphs.student };
  if (parts.graphs.detector) graphs.detector = parts.graphs.detector;
  if (parts.face) graphs.face = parts.face.entry;
  return {
    format: 'ftd-model',
    formatVersion: MODEL_FORMAT_VERSION,
    name: parts.name,
    producer: { name: PRODUCER_NAME, version: PRODUCER_VERSION },
    input: { size: model.imageSize, layout: 'NCHW', channels: 'RGB', scale: 1 / 255, fit: parts.fit },
    featureGrid: featureGrid(model),
    mask: { strategy: model.maskStrategy, ratio: model.maskRatio, seed: record.seed },
    onnx: { opset: OPSET_VERSION, irVersion: IR_VERSION, batch: parts.batch, foldBatchNorm: parts.foldBatchNorm },
    graphs,
    ...(parts.face ? { face: parts.face.section } : {}),
    testData: { folder: testDataFolder, ...parts.testData },
    training: { preset: record.preset, step: record.step, epoch: record.epoch, config: record.config, init: record.init ?? null, metrics: record.metrics },
  };
}

/**
 * model.json's text: two-space indented and newline-terminated, with arrays of plain values (shapes, file
 * lists) kept on one line so that a person reading the file sees `"shape": ["N", 3, 224, 224]`.
 */
export function manifestText(manifest: ModelManifest): string {
  const indented = JSON.stringify(manifest, null, 2);
  // JSON text never holds a raw newline inside a string, so a newline here always separates elements.
  const flat = indented.replace(/\[\n\s+((?:[^[\]{}\n]+,\n\s+)*[^[\]{}\n]+)\n\s+\]/g, (_, items: string) => `[${items.split(/,\n\s+/).join(', ')}]`);
  return `${flat}\n`;
}
