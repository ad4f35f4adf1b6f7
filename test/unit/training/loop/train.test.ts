import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRunFile } from '../../../../src/training/checkpoint/index.ts';
import { train } from '../../../../src/training/loop/train.ts';
import { writeTinyDataset } from './tiny-dataset.ts';

const quiet = () => new Writable({ write: (_chunk, _encoding, done) => done() });

/** The committed synthetic benchmark: 64 px frames of four forgery families, 40 train and 20 val images. */
const fixture = resolve(import.meta.dirname, '../../../../fixtures/synth-tiny');

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ftd-train-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('train (tiny preset, cpu back end)', () => {
  it('lowers the loss over 30 steps on the fixture and records the run', { timeout: 600_000 }, async () => {
    const out = join(root, 'run');
    const tensorsBefore = tf.memory().numTensors;
    const result = await train({ data: fixture, out, preset: 'tiny', backend: 'cpu', epochs: 3, stepsPerEpoch: 10, progress: 'none', stream: quiet() });
    expect(result).toMatchObject({ status: 'finished', step: 30, epoch: 3 });
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    expect(result.metrics.map((m) => m.step)).toEqual([10, 20, 30]);
    const [first, , last] = result.metrics;
    // Means over 10 steps of 4 images; measured 2.02 -> 1.63 in total and 0.73 -> 0.52 for the student.
    expect(last!.loss.total).toBeLessThan(0.9 * first!.loss.total);
    expect(last!.loss.student).toBeLessThan(0.85 * first!.loss.student);
    for (const { validation } of result.metrics) {
      expect(validation).toMatchObject({ samples: 20, videos: 10 });
      expect(validation!.frameAuc).toBeGreaterThanOrEqual(0);
      expect(validation!.frameAuc).toBeLessThanOrEqual(1);
    }
    expect(result.metrics.map((m) => m.learningRate)).toEqual([0.01, 0.01 * 0.9, 0.01 * 0.9 * 0.9]);

    const run = await readRunFile(out);
    expect(run).toMatchObject({ format: 'ftd-run', version: 1, preset: 'tiny', step: 30, epoch: 3, seed: 0, status: 'finished', epochInProgress: null, resumes: [] });
    expect(run.backend).toEqual({ name: 'cpu', package: '@tensorflow/tfjs-backend-cpu', device: 'JavaScript on the main thread' });
    expect(run.config.train).toMatchObject({ epochs: 3, stepsPerEpoch: 10, batchSize: 4 });
    expect(run.data).toMatchObject({ source: fixture, format: 'synth', train: { samples: 40, videos: 20 }, val: { samples: 20, videos: 10 }, skipped: [] });
    expect(run.data.train.byType).toEqual({ graphic: 8, real: 8, reenact: 8, swap: 8, texture: 8 });
    expect(run.metrics).toEqual(result.metrics);

    await expect(train({ data: fixture, out, preset: 'tiny', backend: 'cpu', progress: 'none', stream: quiet() })).rejects.toThrow(
      /already holds a run; pass --resume to continue it or --force to replace it/,
    );
  });

  it('with --skip-bad, trains past an unreadable image and lists it in run.json', { timeout: 300_000 }, async () => {
    const small = await writeTinyDataset(join(root, 'small-data'), { videosPerClass: { train: 1, val: 1 } });
    const broken = join(root, 'small-data', 'images', 'train_swap_0_f1.png');
    await writeFile(broken, 'not a png');
    const options = { data: small, preset: 'tiny' as const, backend: 'cpu' as const, epochs: 1, stepsPerEpoch: 1, progress: 'none' as const, stream: quiet() };
    // Four training images and a batch of four: the first step reads every one of them.
    await expect(train({ ...options, out: join(root, 'strict') })).rejects.toThrow(/train_swap_0_f1\.png/);
    const out = join(root, 'lenient');
    await train({ ...options, out, skipBad: true });
    const run = await readRunFile(out);
    expect(run.data.skipped).toHaveLength(1);
    expect(run.data.skipped[0]).toMatchObject({ path: broken, origin: 'list.csv line 5' });
  });

  it('refuses a --train-types value no sample has before doing any work', async () => {
    await expect(
      train({ data: fixture, out: join(root, 'typo'), preset: 'tiny', backend: 'cpu', trainTypes: ['swapp'], progress: 'none', stream: quiet() }),
    ).rejects.toThrow(/types: no sample has "swapp"; the dataset has graphic, reenact, swap, texture/);
  });
});
