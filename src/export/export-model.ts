import { rm } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import type { ModelManifest } from '../runtime-common/model-manifest.ts';
import type { FitMode } from '../runtime-common/preprocess.ts';
import { chooseBackend, describeBackend } from '../training/backend/index.ts';
import { exists, publishDirectory } from '../util/atomic.ts';
import { buildGraphs } from './build-graphs.ts';
import { buildFaceExport } from './face-export.ts';
import { parseBatch, type ExportOptions } from './export-options.ts';
import { loadRun } from '../training/checkpoint/load-run.ts';
import { writeModelFolder } from './model-folder.ts';
import { checkOutputFolder, makeOutputStaging } from './output-folder.ts';
import { defaultReferenceFiles, loadReferenceImage, pickReferenceFiles } from './reference-images.ts';
import { referenceOutputs } from './reference-outputs.ts';
import type { WrittenFile } from './test-data-set.ts';
import { assertFusable } from './topk-mask-graph.ts';
import { writeTritonRepository, type TritonRepository } from './triton/write-triton-repository.ts';
import { FlagError } from '../util/flag-error.ts';

/** The trainer's loader stretches non-square images ('fill', its default), so deployments must too. */
const trainingFit: FitMode = 'fill';

export interface ExportResult {
  /** The published model folder. */
  readonly out: string;
  readonly manifest: ModelManifest;
  /** Every file written, relative to `out`, with its size. */
  readonly files: readonly WrittenFile[];
  /** Wall time of each phase. */
  readonly seconds: { load: number; graphs: number; reference: number; write: number; total: number };
  readonly notes: readonly string[];
  /** The Triton model repository, with --triton. */
  readonly triton?: TritonRepository;
}

/**
 * `ftd export`: a trained run -> a model folder with teacher.onnx, student.onnx (and detector.onnx when
 * fused), model.json and test_data_set_0/. The graphs are emitted from the same modules the trainer trained;
 * the reference outputs are tfjs's inference on the reference faces. Everything is written into a staging
 * folder that appears under `out` in one rename, so an interrupted export leaves no partial model folder.
 */
export async function exportModel(options: ExportOptions): Promise<ExportResult> {
  const started = performance.now();
  const log = options.log ?? (() => undefined);
  const batch = parseBatch(options.batch ?? 'dynamic');
  const foldBatchNorm = options.foldBatchNorm ?? true;
  const fused = (options.fused ?? false) || options.triton !== undefined;
  const run = resolve(options.run);
  const out = resolve(options.out);
  await checkOutputFolder(out, run, options.force ?? false);
  await checkTritonFolder(options, batch);
  const referenceFiles = options.images ? pickReferenceFiles(options.images, batch) : await defaultReferenceFiles(batch);
  const backend = await chooseBackend(options.backend ?? 'cpu');

  const { model, record, notes } = await loadRun(run);
  const seconds = { load: elapsed(started), graphs: 0, reference: 0, write: 0, total: 0 };
  try {
    if (fused) assertFusable(model.config.maskStrategy);
    log(`loaded ${run}: preset ${record.preset}, step ${record.step}, epoch ${record.epoch}`);
    const staging = await makeOutputStaging(out);
    try {
      // Images first: a file that cannot be decoded should fail the export before the slow phases.
      let phase = performance.now();
      const size = model.config.imageSize;
      const images = await Promise.all(referenceFiles.map((file) => loadReferenceImage(file, size, trainingFit)));
      seconds.reference = elapsed(phase);

      phase = performance.now();
      const graphs = buildGraphs(model, { batch, foldBatchNorm, fused });
      const face = (options.faces ?? true) ? await buildFaceExport() : undefined;
      seconds.graphs = elapsed(phase);
      log(`built ${[...graphs, ...(face ? [face.graph] : [])].map((graph) => graph.file).join(', ')} (BatchNorm ${foldBatchNorm ? 'folded' : 'kept'}, batch ${batch})`);

      phase = performance.now();
      const reference = referenceOutputs(model, images, size, record.seed);
      seconds.reference += elapsed(phase);
      log(`reference outputs for ${images.length} image${images.length === 1 ? '' : 's'} on tfjs ${describeBackend(backend)}`);

      phase = performance.now();
      const describe = { name: basename(run), record, batch, foldBatchNorm, fit: trainingFit };
      const { manifest, files } = await writeModelFolder(staging, { graphs, reference, describe, ...(face ? { face } : {}) });
      await publishDirectory(staging, out, { replace: options.force ?? false });
      const triton = options.triton === undefined ? undefined : await writeTritonRepository({ modelFolder: out, repository: options.triton, maxBatchSize: options.tritonMaxBatch, force: options.force });
      if (triton) log(`wrote the Triton model repository ${triton.repository} (model ${triton.config.name}, max_batch_size ${triton.config.maxBatchSize})`);
      seconds.write = elapsed(phase);
      seconds.total = elapsed(started);
      log(`wrote ${out} in ${seconds.total.toFixed(1)} s`);
      return { out, manifest, files, seconds, notes, ...(triton ? { triton } : {}) };
    } catch (error) {
      await rm(staging, { recursive: true, force: true });
      throw error;
    }
  } finally {
    model.dispose();
  }
}

/** --triton is refused before the slow phases: a fixed batch, a bad max batch, or a folder that exists. */
async function checkTritonFolder(options: ExportOptions, batch: ExportOptions['batch']): Promise<void> {
  if (options.triton === undefined) return;
  if (batch !== 'dynamic') throw new FlagError('--triton', `--triton needs --batch dynamic (Triton forms its own batches), found --batch ${batch}`);
  const maxBatch = options.tritonMaxBatch ?? 32;
  if (!Number.isInteger(maxBatch) || maxBatch < 1) throw new FlagError('--triton-max-batch', `--triton-max-batch must be a positive integer, found ${maxBatch}`);
  if (!options.force && (await exists(resolve(options.triton)))) throw new FlagError('--triton', `${resolve(options.triton)} already exists; pass --force to replace it, or choose another --triton folder`);
}

function elapsed(since: number): number {
  return (performance.now() - since) / 1000;
}
