import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExperimentResult } from '../../../src/experiment/experiment-options.ts';
import { runExperiment } from '../../../src/experiment/run-experiment.ts';
import { tQuantile } from '../../../src/experiment/statistics/t-quantile.ts';
import type { EvalReport } from '../../../src/training/eval/eval-report.ts';
import { collectingStream } from '../../helpers/collecting-stream.ts';

const cli = resolve(import.meta.dirname, '../../../bin/ftd.mjs');
/** The committed synthetic benchmark: 4 families, a test split of one identity. */
const fixture = resolve(import.meta.dirname, '../../../fixtures/synth-tiny');

/** 2 configurations x 2 seeds of the tiny preset, 2 training steps each, on the cpu back end. */
const gridFile = (epochs = 1) => ({
  data: fixture,
  train: { preset: 'tiny', epochs, 'steps-per-epoch': 2, backend: 'cpu' },
  axes: { mask: ['high', 'none'] },
  'train-types': [['swap']],
  seeds: [0, 1],
  baseline: 'mask-none',
});

let root: string;
let grid: string;
let out: string;
const firstRun = () => join(out, 'runs', 'mask-high', 'train-swap', 'seed-0');
const mtime = async (path: string) => (await stat(path)).mtimeMs;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ftd-experiment-'));
  grid = join(root, 'grid.json');
  out = join(root, 'out');
  await writeFile(grid, JSON.stringify(gridFile()));
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('ftd experiment on a 4-run grid', () => {
  let stderr = '';
  let code: number | null;
  let firstCheckpoint: number;
  let firstEvaluation: number;
  let resumed: ExperimentResult;
  let log: string;

  it('stops gracefully on SIGTERM in the second run, keeping the first run and results over it; exits 143', { timeout: 300_000 }, async () => {
    const child = spawn(process.execPath, [cli, 'experiment', grid, '--out', out, '--progress', 'lines'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let signalled = false;
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      // Once: a second SIGTERM means "exit now".
      if (!signalled && stderr.includes('run 2/4 mask-none, train swap, seed 0:')) signalled = child.kill('SIGTERM');
    });
    code = await new Promise<number | null>((done) => child.on('close', done));
    expect(stderr).toMatch(/^.*grid\.json: 4 runs \(2 configurations x 1 train types x 2 seeds\) in .*; 0 evaluated before and reused$/m);
    expect(stderr).toContain('run 1/4 mask-high, train swap, seed 0: training; grid ETA after the first run');
    expect(stderr).toMatch(/^run 2\/4 mask-none, train swap, seed 0: training; grid ETA (\d+h\d\dm|(\d+m)?\d+s) \(mean of 1 run\)$/m);
    expect(stderr).toContain('SIGTERM: stopped with 1 of 4 runs evaluated; run the same command again to continue where it stopped');
    expect(code).toBe(143);
    const partial = JSON.parse(await readFile(join(out, 'results.json'), 'utf8'));
    expect(partial).toMatchObject({ complete: false, runsTotal: 4, runsEvaluated: 1 });
    expect(partial.runs).toHaveLength(1);
    firstCheckpoint = await mtime(join(firstRun(), 'checkpoint.safetensors'));
    firstEvaluation = await mtime(join(firstRun(), 'eval', 'metrics.json'));
  });

  it('run again, reuses the finished run without training it and completes the others', { timeout: 300_000 }, async () => {
    const { stream, text } = collectingStream();
    resumed = await runExperiment({ grid, out, progress: 'lines', stream });
    log = text();
    expect(log).toContain('1 evaluated before and reused');
    expect(log).toContain('run 1/4 mask-high, train swap, seed 0: evaluated before, reused');
    expect(log).toMatch(/^run 4\/4 mask-none, train swap, seed 1: done in \d+s; frame AUC overall 0\.\d{3}$/m);
    expect(resumed).toMatchObject({ status: 'finished', runs: { total: 4, reused: 1, evaluated: 4 } });
    // The second run was stopped after its training (then only its evaluation is left) or during it.
    expect([2, 3]).toContain(resumed.runs.trained);
    expect(await mtime(join(firstRun(), 'checkpoint.safetensors'))).toBe(firstCheckpoint);
    expect(await mtime(join(firstRun(), 'eval', 'metrics.json'))).toBe(firstEvaluation);
    expect(resumed.files).toEqual(['results.json', 'results.md', 'results.png'].map((name) => join(out, name)));
  });

  it('results.json: means and t-intervals over seeds, and paired differences, from the runs\' own evaluations', async () => {
    const results = JSON.parse(await readFile(join(out, 'results.json'), 'utf8'));
    expect(results).toMatchObject({
      format: 'ftd-experiment-results', version: 1, complete: true, baseline: 'mask-none',
      interval: { method: 'Student t', level: 0.95 },
      families: ['graphic', 'reenact', 'swap', 'texture'],
      columns: ['graphic', 'reenact', 'swap', 'texture', 'unseen', 'overall'],
    });
    const report = async (mask: string, seed: number) =>
      JSON.parse(await readFile(join(out, 'runs', mask, 'train-swap', `seed-${seed}`, 'eval', 'metrics.json'), 'utf8')) as EvalReport;
    const [high0, high1, none0, none1] = await Promise.all([report('mask-high', 0), report('mask-high', 1), report('mask-none', 0), report('mask-none', 1)]);
    const [high, none] = results.groups;
    expect(high).toMatchObject({ configuration: 'mask-high', trainTypes: ['swap'], seeds: [0, 1], seen: ['swap'] });
    // Two seeds: the half-width is t(0.975, 1) * s / sqrt(2) = 12.706 * |a - b| / 2.
    for (const family of ['graphic', 'texture'] as const) {
      const [a, b] = [high0.byType[family]!.frameAuc, high1.byType[family]!.frameAuc];
      const interval = high.values.frameAuc[family];
      expect(interval.n).toBe(2);
      expect(interval.mean).toBeCloseTo((a + b) / 2, 12);
      expect(interval.halfWidth).toBeCloseTo((tQuantile(0.975, 1) * Math.abs(a - b)) / 2, 10);
      expect(interval.low).toBeCloseTo(interval.mean - interval.halfWidth, 12);
    }
    expect(high.values.videoAuc.overall.mean).toBeCloseTo((high0.overall.videoAuc + high1.overall.videoAuc) / 2, 12);
    const reenactDifferences = [high0.byType.reenact!.frameAuc - none0.byType.reenact!.frameAuc, high1.byType.reenact!.frameAuc - none1.byType.reenact!.frameAuc];
    expect(high.difference.frameAuc.reenact).toMatchObject({ n: 2, pairs: ['0', '1'] });
    expect(high.difference.frameAuc.reenact.mean).toBeCloseTo((reenactDifferences[0]! + reenactDifferences[1]!) / 2, 12);
    expect(high.difference.frameAuc.reenact.halfWidth).toBeCloseTo((tQuantile(0.975, 1) * Math.abs(reenactDifferences[0]! - reenactDifferences[1]!)) / 2, 10);
    expect(none.difference).toBeNull();
    expect(results.runs).toHaveLength(4);
  });

  it('results.md holds a row per configuration and results.png a plot', async () => {
    const markdown = await readFile(join(out, 'results.md'), 'utf8');
    expect(markdown).toBe(resumed.markdown);
    expect(markdown).toMatch(/^\| mask-high +\| swap +\| +2 \| +0\.\d{3} ± \d\.\d{3} \|/m);
    expect(markdown).toContain('## Frame AUC minus the baseline `mask-none`, paired by seed and train types');
    const png = sharp(join(out, 'results.png'));
    expect(await png.metadata()).toMatchObject({ format: 'png' });
    for (const channel of (await png.stats()).channels.slice(0, 3)) expect(channel.stdev).toBeGreaterThan(20);
    expect(await readFile(join(out, 'grid.json'), 'utf8')).toBe(JSON.stringify(gridFile()));
  });

  it('refuses a grid file that changes finished runs\' settings, naming each run and field, before any work', async () => {
    await writeFile(grid, JSON.stringify(gridFile(2)));
    const error = await runExperiment({ grid, out, stream: collectingStream().stream }).catch((caught: Error) => caught);
    expect(error).toBeInstanceOf(RangeError);
    expect((error as Error).message).toContain('runs/mask-high/train-swap/seed-0: run.json config.train.epochs is 1, the grid file now gives 2');
    expect((error as Error).message).toContain('runs/mask-none/train-swap/seed-1: run.json config.train.epochs is 1, the grid file now gives 2');
    expect((error as Error).message).toMatch(/pass --force to retrain these runs/);
    expect(await mtime(join(firstRun(), 'checkpoint.safetensors'))).toBe(firstCheckpoint);
  });

  it('--force retrains a changed run with the new settings', { timeout: 300_000 }, async () => {
    await writeFile(grid, JSON.stringify({ ...gridFile(2), axes: { mask: ['high'] }, seeds: [0], baseline: undefined }));
    const { stream, text } = collectingStream();
    const result = await runExperiment({ grid, out, force: true, progress: 'none', stream });
    expect(text()).toContain('run 1/1 mask-high, train swap, seed 0: retraining (--force; it was trained with other config.train.epochs)');
    expect(result).toMatchObject({ status: 'finished', runs: { total: 1, reused: 0, trained: 1, evaluated: 1 } });
    const runFile = JSON.parse(await readFile(join(firstRun(), 'run.json'), 'utf8'));
    expect(runFile).toMatchObject({ step: 4, epoch: 2, status: 'finished' });
  });
});
