import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTestData } from '../../runtime-common/run-parity.ts';
import type { SessionFactory, Tensor } from '../../runtime-common/session.ts';
import type { BackendRequest } from '../../training/backend/index.ts';
import { exportModel, type ExportResult } from '../export-model.ts';
import type { ExportBatch } from '../export-options.ts';

export interface ExportBenchmarkOptions {
  readonly run: string;
  readonly batch?: ExportBatch;
  readonly fused?: boolean;
  readonly images?: readonly string[];
  readonly backend?: BackendRequest;
  /** Runs the exported graphs: the runtime whose agreement with tfjs is measured. */
  readonly createSession: SessionFactory;
  readonly log?: (line: string) => void;
}

export interface OutputAgreement {
  readonly graph: string;
  readonly output: string;
  /** Largest |runtime - tfjs| over the reference batch. */
  readonly maxAbs: number;
  /** Largest |tfjs| of that output, so a small difference can be read against the values' size. */
  readonly scale: number;
}

export interface ExportMeasurement {
  readonly foldBatchNorm: boolean;
  readonly seconds: ExportResult['seconds'];
  readonly files: ExportResult['files'];
  readonly agreement: OutputAgreement[];
}

/**
 * Exports a run twice (BatchNorm folded, then kept) into a temporary folder, timing each phase, and runs every
 * exported graph on the reference inputs to measure how far the runtime is from tfjs on each output. The
 * student runs on the reference mask, so its logit is compared on equal terms whatever the teacher gave.
 */
export async function benchmarkExport(options: ExportBenchmarkOptions): Promise<ExportMeasurement[]> {
  const scratch = await mkdtemp(join(tmpdir(), 'ftd-bench-export-'));
  try {
    const measurements: ExportMeasurement[] = [];
    for (const foldBatchNorm of [true, false]) {
      const out = join(scratch, foldBatchNorm ? 'folded' : 'unfolded');
      const { run, batch, fused, images, backend, log } = options;
      const result = await exportModel({ run, out, batch, fused, images, backend, foldBatchNorm, log });
      measurements.push({ foldBatchNorm, seconds: result.seconds, files: result.files, agreement: await measureAgreement(result, options.createSession) });
    }
    return measurements;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

async function measureAgreement(result: ExportResult, createSession: SessionFactory): Promise<OutputAgreement[]> {
  const { manifest, out } = result;
  const source = { location: out, readText: (file: string) => readFile(join(out, file), 'utf8'), readBytes: async (file: string) => new Uint8Array(await readFile(join(out, file))) };
  const data = await readTestData(source, manifest.testData.folder, manifest.testData.inputs.length, manifest.testData.outputs.length);
  const reference = (name: string): Tensor => {
    const tensor = data.outputs.get(name) ?? data.inputs.get(name);
    if (!tensor || tensor.type !== 'float32') throw new RangeError(`${out}: test data has no float32 tensor "${name}"`);
    return tensor as Tensor;
  };
  const image = reference('image');
  const { h, w } = manifest.featureGrid;
  const feeds: Record<string, Record<string, Tensor>> = {
    teacher: { image },
    student: { image, mask: { data: reference('mask').data, dims: [image.dims[0]!, h, w] } },
    detector: { image },
  };
  const agreement: OutputAgreement[] = [];
  for (const [role, entry] of Object.entries(manifest.graphs)) {
    const session = await createSession(new Uint8Array(await readFile(join(out, entry.file))), role as 'teacher' | 'student' | 'detector');
    try {
      const outputs = await session.run(feeds[role]!);
      for (const { name } of entry.outputs) {
        const expected = reference(name).data;
        const actual = outputs[name]!.data;
        let maxAbs = 0;
        let scale = 0;
        for (let i = 0; i < expected.length; i++) {
          maxAbs = Math.max(maxAbs, Math.abs(actual[i]! - expected[i]!));
          scale = Math.max(scale, Math.abs(expected[i]!));
        }
        agreement.push({ graph: entry.file, output: name, maxAbs, scale });
      }
    } finally {
      await session.release();
    }
  }
  return agreement;
}

/** The measurements as markdown tables: phase times and graph sizes, then agreement per output. */
export function formatExportBenchmark(measurements: readonly ExportMeasurement[]): string {
  const label = (m: ExportMeasurement) => (m.foldBatchNorm ? 'folded' : 'kept');
  const graphs = (m: ExportMeasurement) => m.files.filter((f) => f.file.endsWith('.onnx'));
  const sizeHeads = graphs(measurements[0]!).map((f) => `${f.file} MB`);
  const lines = [
    `| BatchNorm | load s | graphs s | reference s | write s | total s | ${sizeHeads.join(' | ')} |`,
    `|${' --- |'.repeat(6 + sizeHeads.length)}`,
  ];
  for (const m of measurements) {
    const { load, graphs: build, reference, write, total } = m.seconds;
    const times = [load, build, reference, write, total].map((v) => v.toFixed(2));
    const sizes = graphs(m).map((f) => (f.bytes / 1e6).toFixed(2));
    lines.push(`| ${label(m)} | ${[...times, ...sizes].join(' | ')} |`);
  }
  lines.push('', '| BatchNorm | graph | output | max abs difference | max abs value |', '| --- | --- | --- | --- | --- |');
  for (const m of measurements) {
    for (const a of m.agreement) lines.push(`| ${label(m)} | ${a.graph} | ${a.output} | ${a.maxAbs.toExponential(2)} | ${a.scale.toExponential(2)} |`);
  }
  return lines.join('\n');
}
