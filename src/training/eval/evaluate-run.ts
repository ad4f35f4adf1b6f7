import { access } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { loadRun } from '../checkpoint/load-run.ts';
import { BackendFailureError, chooseBackend, describeBackend } from '../backend/index.ts';
import { checkpointFileName } from '../checkpoint/index.ts';
import { featureGrid } from '../config.ts';
import { BatchLoader } from '../data/batch-loader.ts';
import { describeDataset } from '../data/describe-dataset.ts';
import type { DatasetFormat } from '../data/detect-format.ts';
import { openDataset } from '../data/open-dataset.ts';
import { isSplit, splits } from '../data/sample.ts';
import { selectSamples } from '../data/select-samples.ts';
import type { DetectionMetrics } from '../metrics/summarize.ts';
import { attentionGridPng } from './attention-grid.ts';
import { checkEvalFolder, publishEvalFolder } from './eval-folder.ts';
import type { EvalOptions, EvalResult } from './eval-options.ts';
import { evalReportFormat, evalReportVersion, scoreMetrics, withoutRoc, type EvalReport } from './eval-report.ts';
import { metricsTable } from './metrics-table.ts';
import { pickFaces } from './pick-faces.ts';
import { rocPng } from './roc-plot.ts';
import { scoreSamples } from './score-samples.ts';
import { scoresCsv } from './scores-csv.ts';
import { FlagError, FlagTypeError } from '../../util/flag-error.ts';

/**
 * `ftd eval`: scores a split with a trained run's deployed pipeline (teacher attention -> mask -> student,
 * BatchNorm running statistics) and publishes metrics.json, metrics.md, roc.png, attention.png and
 * scores.csv to `out` (default <run>/eval) as one folder, replacing a previous evaluation there.
 */
export async function evaluateRun(options: EvalOptions): Promise<EvalResult> {
  const log = options.log ?? (() => undefined);
  const split = options.split ?? 'test';
  if (!isSplit(split)) throw new FlagError('--split', `--split must be one of ${splits.join(', ')}, got ${JSON.stringify(split)}`);
  const batchSize = positiveInteger('--batch', options.batchSize ?? 64);
  const grid = positiveInteger('--grid', options.grid ?? 16);
  const run = resolve(options.run);
  const out = resolve(options.out ?? join(run, 'eval'));
  await checkEvalFolder(out, run);
  // Before starting a back end, which takes seconds on WebGPU: a mistyped run folder should fail at once.
  await access(join(run, checkpointFileName)).catch(() => {
    throw new RangeError(`${run} holds no ${checkpointFileName}; expected a run folder written by "ftd train"`);
  });

  const backend = await chooseBackend(options.backend ?? 'auto');
  log(`back end: ${describeBackend(backend)}`);
  for (const warning of backend.warnings) log(`warning: ${warning}`);
  const { model, record, notes } = await loadRun(run);
  try {
    for (const note of notes) log(`note: ${note}`);
    const dataPath = options.data !== undefined ? resolve(options.data) : record.data.source;
    if (options.data === undefined) log(`--data not given: evaluating on the run's own dataset ${dataPath}`);
    const format = options.data === undefined ? (record.data.format as DatasetFormat) : undefined;
    const dataset = await openDataset(dataPath, { skipBad: options.skipBad, format });
    log(describeDataset(dataset));
    const samples = selectSamples(dataset.samples, { split, types: options.types, compressions: options.compressions });
    if (samples.length === 0) {
      const present = splits.filter((name) => dataset.samples.some((sample) => sample.split === name));
      throw new FlagError('--split', `--split ${split}: ${dataPath} has no matching samples in that split; its splits: ${present.join(', ') || 'none (no split field)'}`);
    }

    const { h, w, k } = featureGrid(model.config);
    const picks = pickFaces(samples, grid);
    const loader = new BatchLoader(samples, { imageSize: model.config.imageSize, batchSize, seed: record.seed, skipBad: options.skipBad });
    // About ten progress lines however large the split.
    let reportedAt = 0;
    const { scored, inspected } = await scoreSamples(model, loader, {
      inspect: new Set(picks.faces.flat()),
      checkDevice: (during) => {
        const errors = backend.deviceErrors();
        if (errors.length > 0) throw new BackendFailureError(backend, during, errors);
      },
      onBatch: (count) => {
        if (count < samples.length && count < reportedAt + samples.length / 10) return;
        reportedAt = count;
        log(`scored ${count} of ${samples.length} images`);
      },
    });

    const splitName = `split "${split}" of ${dataPath}`;
    const metrics = scoreMetrics(scored, splitName);
    const report: EvalReport = {
      format: evalReportFormat,
      version: evalReportVersion,
      run: { folder: run, preset: record.preset, step: record.step, epoch: record.epoch, maskStrategy: model.config.maskStrategy },
      data: {
        source: dataPath,
        root: dataset.root,
        format: dataset.format,
        split,
        types: options.types ?? null,
        compressions: options.compressions ?? null,
        skipped: [...dataset.skipped, ...loader.skipped],
      },
      backend: { name: backend.name, package: backend.package, device: backend.device },
      ...withoutRoc(metrics),
    };
    const table = metricsTable(report);
    const rocSeries = (name: string, value: DetectionMetrics) => ({ name, auc: value.frameAuc, points: value.roc });
    const roc = await rocPng(
      `ROC, ${split} split, frame level (${scored.length} images)`,
      rocSeries('overall', metrics.overall),
      Object.entries(metrics.byType).map(([type, value]) => rocSeries(type, value)),
    );
    const attention = await attentionGridPng({ picks, faces: inspected, size: model.config.imageSize, h, w, k, maskStrategy: model.config.maskStrategy });
    await publishEvalFolder(out, {
      'metrics.json': `${JSON.stringify(report, null, 2)}\n`,
      'metrics.md': table,
      'roc.png': roc,
      'attention.png': attention,
      'scores.csv': scoresCsv(scored, dataset.root),
    });
    log(`wrote ${out}`);
    return { out, report, table, backend };
  } finally {
    model.dispose();
  }
}

function positiveInteger(flag: string, value: number): number {
  if (typeof value !== 'number') throw new FlagTypeError(flag, `${flag} must be a number, got ${typeof value}`);
  if (!Number.isSafeInteger(value) || value < 1) throw new FlagError(flag, `${flag} must be an integer >= 1, got ${value}`);
  return value;
}
