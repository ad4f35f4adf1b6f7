import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkpointFileName, loadCheckpoint, readRunFile } from '../../../../src/training/checkpoint/index.ts';
import { TrainingDivergedError } from '../../../../src/training/loop/divergence.ts';
import { train } from '../../../../src/training/loop/train.ts';
import { writeTinyDataset } from './tiny-dataset.ts';

const quiet = () => new Writable({ write: (_chunk, _encoding, done) => done() });

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ftd-diverge-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('a loss that becomes NaN', () => {
  it('stops training, names the step and the loss part, and keeps the last good checkpoint', { timeout: 600_000 }, async () => {
    const csv = await writeTinyDataset(join(root, 'data'), { videosPerClass: { train: 4, val: 1 } });
    const out = join(root, 'run');
    const options = { preset: 'tiny' as const, backend: 'cpu' as const, progress: 'none' as const, stream: quiet() };
    await train({ ...options, data: csv, out, epochs: 1, stepsPerEpoch: 2 });
    const good = await readFile(join(out, checkpointFileName));

    // An absurd rate: the update after step 3 overflows float32, so step 4's forward pass yields NaN.
    const attempt = train({ ...options, out, resume: true, epochs: 3, learningRate: 1e30 });
    const error = (await attempt.catch((caught: unknown) => caught)) as TrainingDivergedError;
    expect(error).toBeInstanceOf(TrainingDivergedError);
    expect(error.message).toMatch(/^training diverged at step 4: the teacherCnn loss is NaN \(loss NaN /);
    expect(error.message).toContain(`The last good checkpoint (step 2, epoch 1) is kept in ${out}; continue from it with a lower rate: ftd train --resume --out ${out} --lr 1e+29`);
    expect(error.lastCheckpoint).toEqual({ step: 2, epoch: 1 });

    expect(Buffer.compare(await readFile(join(out, checkpointFileName)), good)).toBe(0);
    expect((await readRunFile(out)).step).toBe(2);
    const kept = await loadCheckpoint(out);
    expect(kept.notes).toEqual([]);
    for (const [, tensor] of kept.tensors) expect(tensor.data.every(Number.isFinite)).toBe(true);
  });
});
