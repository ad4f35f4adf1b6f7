import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCheckpoint, type EpochMetrics } from '../../../../src/training/checkpoint/index.ts';
import { train } from '../../../../src/training/loop/train.ts';
import { writeTinyDataset } from './tiny-dataset.ts';

const quiet = () => new Writable({ write: (_chunk, _encoding, done) => done() });
const cli = resolve(import.meta.dirname, '../../../../bin/ftd.mjs');

let root: string;
let csv: string;
const common = () => ({ data: csv, preset: 'tiny' as const, backend: 'cpu' as const, stepsPerEpoch: 2, progress: 'none' as const, stream: quiet() });

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ftd-resume-'));
  csv = await writeTinyDataset(join(root, 'data'), { videosPerClass: { train: 4, val: 1 } });
  await train({ ...common(), out: join(root, 'straight'), epochs: 2 });
}, 600_000);
afterAll(() => rm(root, { recursive: true, force: true }));

/** Every tensor of two runs' checkpoints (weights, BatchNorm statistics, momentum) agrees to 1e-6. */
async function expectSameState(a: string, b: string): Promise<void> {
  const [left, right] = await Promise.all([loadCheckpoint(a), loadCheckpoint(b)]);
  expect([...right.tensors.keys()].sort()).toEqual([...left.tensors.keys()].sort());
  expect(left.tensors.size).toBeGreaterThan(50);
  let worst = 0;
  for (const [name, tensor] of left.tensors) {
    const other = right.tensors.get(name)!;
    expect(other.shape).toEqual(tensor.shape);
    for (let i = 0; i < tensor.data.length; i++) worst = Math.max(worst, Math.abs(tensor.data[i]! - other.data[i]!));
  }
  expect(worst).toBeLessThanOrEqual(1e-6);
  expect(right.record.step).toBe(left.record.step);
}

const losses = (metrics: EpochMetrics[]) => metrics.map((m) => ({ epoch: m.epoch, step: m.step, loss: m.loss, validation: m.validation }));

describe('--resume', () => {
  it('continues from an epoch checkpoint to the same weights as an uninterrupted run', { timeout: 600_000 }, async () => {
    const out = join(root, 'split');
    await train({ ...common(), out, epochs: 1 });
    const result = await train({ out, resume: true, epochs: 2, backend: 'cpu', progress: 'none', stream: quiet() });
    expect(result).toMatchObject({ status: 'finished', step: 4, epoch: 2 });
    await expectSameState(join(root, 'straight'), out);
    const straight = await loadCheckpoint(join(root, 'straight'));
    expect(losses(result.metrics)).toEqual(losses(straight.record.metrics));
    expect((await loadCheckpoint(out)).record.resumes).toEqual([
      { step: 2, backend: 'cpu (@tensorflow/tfjs-backend-cpu) on JavaScript on the main thread', changes: ['epochs 1 -> 2'] },
    ]);
  });

  it('after Ctrl-C in mid-epoch, saves, exits 130, and resumes to the same weights', { timeout: 600_000 }, async () => {
    const out = join(root, 'interrupted');
    const args = ['train', '--data', csv, '--out', out, '--preset', 'tiny', '--backend', 'cpu', '--epochs', '2', '--steps-per-epoch', '2', '--progress', 'lines'];
    const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let stdout = '';
    let signalled = false;
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      // The first progress line comes after step 1; the signal lands during step 2 at the latest. Only
      // once: a second SIGINT means "exit now without saving".
      if (stderr.includes('step 1/4') && !signalled) signalled = child.kill('SIGINT');
    });
    const code = await new Promise<number | null>((done) => child.on('close', done));
    expect(stderr).toMatch(/SIGINT: saved a checkpoint at step [123]; continue with: ftd train --resume --out /);
    expect(code).toBe(130);
    expect(stdout).toMatch(/^interrupted .* at step [123] \(epoch [01]\)/);
    const saved = JSON.parse(await readFile(join(out, 'run.json'), 'utf8'));
    expect(saved.status).toBe('interrupted');
    expect(saved.step).toBeLessThan(4);

    const result = await train({ out, resume: true, backend: 'cpu', progress: 'none', stream: quiet() });
    expect(result).toMatchObject({ status: 'finished', step: 4, epoch: 2 });
    await expectSameState(join(root, 'straight'), out);
    const straight = await loadCheckpoint(join(root, 'straight'));
    expect(losses(result.metrics)).toEqual(losses(straight.record.metrics));
  });

  it('refuses a flag that would change the batches', async () => {
    await expect(train({ out: join(root, 'straight'), resume: true, batchSize: 8, progress: 'none', stream: quiet() })).rejects.toThrow(
      /--batch 8 differs from the resumed run's 4/,
    );
  });

  it('says so when the run has already finished', { timeout: 120_000 }, async () => {
    const result = await train({ out: join(root, 'straight'), resume: true, backend: 'cpu', progress: 'none', stream: quiet() });
    expect(result).toMatchObject({ status: 'finished', step: 4, epoch: 2 });
  });
});
