import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import * as tf from '@tensorflow/tfjs-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRun } from '../../../../src/training/checkpoint/load-run.ts';
import { BatchLoader } from '../../../../src/training/data/batch-loader.ts';
import { openDataset } from '../../../../src/training/data/open-dataset.ts';
import { parseCsv } from '../../../../src/training/data/parse-csv.ts';
import { selectSamples } from '../../../../src/training/data/select-samples.ts';
import { evaluateRun } from '../../../../src/training/eval/evaluate-run.ts';
import type { EvalReport } from '../../../../src/training/eval/eval-report.ts';
import type { EvalResult } from '../../../../src/training/eval/eval-options.ts';
import { train } from '../../../../src/training/loop/train.ts';
import { auc } from '../../../../src/training/metrics/auc.ts';
import { summarize } from '../../../../src/training/metrics/summarize.ts';
import { summarizeByCompression, summarizeByType } from '../../../../src/training/metrics/summarize-groups.ts';
import { writeTinyDataset } from '../loop/tiny-dataset.ts';

const quiet = () => new Writable({ write: (_chunk, _encoding, done) => done() });
/** The committed synthetic benchmark: its test split is one identity, 4 real and 16 fake 64 px frames. */
const fixture = resolve(import.meta.dirname, '../../../../fixtures/synth-tiny');

let root: string;
let run: string;
let result: EvalResult;
let report: EvalReport;
let rows: { path: string; label: number; type: string; compression: string; video: string; prob: number }[];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ftd-eval-'));
  run = join(root, 'run');
  await train({ data: fixture, out: run, preset: 'tiny', backend: 'cpu', epochs: 1, stepsPerEpoch: 2, progress: 'none', stream: quiet() });
  result = await evaluateRun({ run, data: fixture, backend: 'cpu', batchSize: 8 });
  report = JSON.parse(await readFile(join(run, 'eval', 'metrics.json'), 'utf8')) as EvalReport;
  const records = parseCsv(await readFile(join(run, 'eval', 'scores.csv'), 'utf8'), 'scores.csv');
  expect(records[0]!.fields).toEqual(['path', 'label', 'type', 'compression', 'video', 'prob']);
  rows = records.slice(1).map(({ fields: [path, label, type, compression, video, prob] }) => ({
    path: path!, label: Number(label), type: type!, compression: compression!, video: video!, prob: Number(prob),
  }));
}, 600_000);
afterAll(() => rm(root, { recursive: true, force: true }));

describe('evaluateRun on a tiny run trained for 2 steps', () => {
  it('writes metrics.json describing the run, the split and the counts', () => {
    expect(result.out).toBe(join(run, 'eval'));
    expect(report).toMatchObject({
      format: 'ftd-eval',
      version: 1,
      run: { folder: run, preset: 'tiny', step: 2, epoch: 1, maskStrategy: 'high' },
      data: { source: fixture, root: fixture, format: 'synth', split: 'test', types: null, compressions: null, skipped: [] },
      backend: { name: 'cpu' },
      notes: [],
    });
    expect(report.overall.counts).toEqual({ frames: 20, real: 4, fake: 16, videos: 10 });
    expect(Object.keys(report.byType)).toEqual(['graphic', 'reenact', 'swap', 'texture']);
    for (const metrics of Object.values(report.byType)) expect(metrics.counts).toEqual({ frames: 8, real: 4, fake: 4, videos: 4 });
    expect(Object.keys(report.byCompression)).toEqual(['c23', 'raw']);
    for (const metrics of Object.values(report.byCompression)) expect(metrics.counts).toEqual({ frames: 10, real: 2, fake: 8, videos: 5 });
    expect(report.overall).not.toHaveProperty('roc');
  });

  it('writes scores.csv from which the metrics module recomputes metrics.json exactly', () => {
    expect(rows).toHaveLength(20);
    expect(rows[0]).toMatchObject({ path: 'raw/real/id0000_v0/f000.png', label: 0, type: 'real', compression: 'raw', video: 'raw/real/id0000_v0' });
    for (const { prob } of rows) {
      expect(prob).toBeGreaterThan(0);
      expect(prob).toBeLessThan(1);
    }
    const scores = rows.map((row) => row.prob);
    const labels = rows.map((row) => row.label);
    const videos = rows.map((row) => row.video);
    expect(auc(scores, labels)).toBe(report.overall.frameAuc);
    const { roc: _roc, ...overall } = summarize(scores, labels, videos);
    expect(overall).toEqual(report.overall);
    const byType = summarizeByType(scores, labels, videos, rows.map((row) => row.type));
    for (const [type, metrics] of Object.entries(byType)) expect(metrics.frameAuc).toBe(report.byType[type]!.frameAuc);
    const byCompression = summarizeByCompression(scores, labels, videos, rows.map((row) => row.compression));
    for (const [level, metrics] of Object.entries(byCompression)) expect(metrics.videoAuc).toBe(report.byCompression[level]!.videoAuc);
  });

  it('scores with the run\'s trained weights: the CSV holds what its checkpoint predicts', async () => {
    const { model } = await loadRun(run);
    const samples = selectSamples((await openDataset(fixture)).samples, { split: 'test' });
    const expected: number[] = [];
    for await (const batch of new BatchLoader(samples, { imageSize: 32, batchSize: 20, seed: 0 }).pass()) {
      const images = tf.tensor4d(batch.images, [batch.n, 32, 32, 3]);
      const prediction = model.predict(images);
      expected.push(...(await prediction.prob.data()));
      tf.dispose([images, ...Object.values(prediction)]);
    }
    model.dispose();
    // A model that skipped the checkpoint (fresh weights from the same seed) differs by far more than float noise.
    expect(Math.max(...rows.map((row, i) => Math.abs(row.prob - expected[i]!)))).toBeLessThan(1e-6);
  });

  it('writes metrics.md: the table it returns, a row per group', async () => {
    const markdown = await readFile(join(run, 'eval', 'metrics.md'), 'utf8');
    expect(markdown).toBe(result.table);
    const tableRows = markdown.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| group') && !line.startsWith('| ---'));
    expect(tableRows.map((line) => line.split('|')[1]!.trim())).toEqual([
      'overall', 'type graphic', 'type reenact', 'type swap', 'type texture', 'compression c23', 'compression raw',
    ]);
    expect(tableRows[0]).toContain(report.overall.frameAuc.toFixed(4));
  });

  it('draws roc.png and attention.png at their layout sizes, with content', async () => {
    const roc = sharp(join(run, 'eval', 'roc.png'));
    expect(await roc.metadata()).toMatchObject({ format: 'png', width: 760, height: 560 });
    // A white page with black axes and coloured curves: far from one flat colour.
    for (const channel of (await roc.stats()).channels.slice(0, 3)) expect(channel.stdev).toBeGreaterThan(20);
    const grid = sharp(join(run, 'eval', 'attention.png'));
    // 5 columns (real + 4 types) of 128 px tiles (32 px x 4) and 4 px gaps; 16 faces / 5 types = 3 rows of
    // tile + caption (20) + gap, under a 26 px header and over a 36 px legend.
    expect(await grid.metadata()).toMatchObject({ format: 'png', width: 5 * 132 + 4, height: 26 + 3 * 152 + 36 });
    const tile = await grid.extract({ left: 4, top: 26, width: 128, height: 128 }).stats();
    for (const channel of tile.channels.slice(0, 3)) expect(channel.stdev).toBeGreaterThan(5);
  });
});

describe('evaluateRun with --skip-bad', () => {
  it('scores past an unreadable image and lists it in metrics.json', async () => {
    const data = await writeTinyDataset(join(root, 'broken'), { videosPerClass: { train: 1, val: 2 }, framesPerVideo: 2 });
    const broken = join(root, 'broken', 'images', 'val_swap_1_f0.png');
    await writeFile(broken, 'not a png');
    const options = { run, data, split: 'val' as const, backend: 'cpu' as const, out: join(root, 'broken-eval') };
    await expect(evaluateRun(options)).rejects.toThrow(/val_swap_1_f0\.png/);
    const { report: lenient } = await evaluateRun({ ...options, skipBad: true });
    expect(lenient.data.skipped).toEqual([expect.objectContaining({ path: broken, origin: 'list.csv line 12' })]);
    expect(lenient.overall.counts).toEqual({ frames: 7, real: 4, fake: 3, videos: 4 });
  });
});

describe('evaluateRun refuses', () => {
  it('a folder that holds no checkpoint, before starting a back end', async () => {
    await expect(evaluateRun({ run: join(root, 'missing') })).rejects.toThrow(/missing holds no checkpoint\.safetensors; expected a run folder written by "ftd train"$/);
  });

  it('a split the dataset does not have, naming it and the splits there are', async () => {
    const data = await writeTinyDataset(join(root, 'no-test'), { videosPerClass: { train: 1, val: 1 }, framesPerVideo: 1 });
    await expect(evaluateRun({ run, data, backend: 'cpu', out: join(root, 'no-test-eval') })).rejects.toThrow(
      /^--split test: .*list\.csv has no matching samples in that split; its splits: train, val$/,
    );
  });

  it('an --out holding other files, before loading anything', async () => {
    const out = join(root, 'busy');
    await mkdir(out);
    await writeFile(join(out, 'notes.txt'), 'mine');
    await expect(evaluateRun({ run, data: fixture, backend: 'cpu', out })).rejects.toThrow(/--out .*busy holds files other than a previous evaluation's \(notes\.txt\)/);
    await expect(evaluateRun({ run, data: fixture, backend: 'cpu', out: run })).rejects.toThrow(/is or contains the run folder/);
  });

  it('a --batch or --grid that is not a positive integer', async () => {
    await expect(evaluateRun({ run, batchSize: 0 })).rejects.toThrow(/^--batch must be an integer >= 1, got 0$/);
    await expect(evaluateRun({ run, grid: 2.5 })).rejects.toThrow(/^--grid must be an integer >= 1, got 2.5$/);
  });
});
