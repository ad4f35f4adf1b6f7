import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { presets } from '../../../../src/training/config.ts';
import {
  checkpointFileName,
  loadCheckpoint,
  NonFiniteStateError,
  readRunFile,
  restoreState,
  runFileName,
  saveCheckpoint,
  type RunRecord,
} from '../../../../src/training/checkpoint/index.ts';

function record(step: number): RunRecord {
  const split = { samples: 8, videos: 2, byType: { real: 4, swap: 4 }, byCompression: { c23: 8 } };
  return {
    format: 'ftd-run', version: 1, preset: 'tiny',
    config: { model: presets.tiny.model, train: presets.tiny.train },
    step, epoch: Math.floor(step / 10), seed: 0, status: 'running',
    backend: { name: 'cpu', package: '@tensorflow/tfjs-backend-cpu', device: 'JavaScript on the main thread' },
    data: { source: 'data/list.csv', root: 'data', format: 'synth', fingerprint: 'f'.repeat(64), trainTypes: null, compressions: null, train: split, val: split, skipped: [] },
    metrics: [], epochInProgress: null, resumes: [],
  };
}

function state(offset: number): Array<[string, tf.Variable]> {
  return [
    ['model.conv.weight', tf.variable(tf.tensor4d(Array.from({ length: 12 }, (_, i) => i + offset), [1, 2, 2, 3]))],
    ['model.bn.runningVar', tf.variable(tf.tensor1d([1 + offset, 2, 3]), false)],
    ['optimizer.momentum.conv.weight', tf.variable(tf.fill([1, 2, 2, 3], offset * 0.5))],
  ];
}

let directory: string;
beforeAll(async () => {
  await tf.setBackend('cpu');
  directory = await mkdtemp(join(tmpdir(), 'ftd-checkpoint-'));
});
afterAll(() => rm(directory, { recursive: true, force: true }));

describe('saveCheckpoint / loadCheckpoint', () => {
  it('round-trips every tensor exactly and the record', async () => {
    const run = join(directory, 'round-trip');
    const saved = await saveCheckpoint(run, state(1), record(20));
    expect(saved.file).toBe(checkpointFileName);
    expect(saved.sha256).toMatch(/^[0-9a-f]{64}$/);
    const loaded = await loadCheckpoint(run);
    expect(loaded.notes).toEqual([]);
    expect(loaded.record).toEqual(record(20));
    const targets = state(0);
    restoreState(loaded.tensors, targets, loaded.file);
    const original = state(1);
    for (let i = 0; i < targets.length; i++) {
      expect([...targets[i]![1].dataSync()]).toEqual([...original[i]![1].dataSync()]);
    }
    const runFile = await readRunFile(run);
    expect(runFile.step).toBe(20);
    expect(runFile.checkpoint).toEqual(saved);
  });

  it('uses the checkpoint\'s own record when run.json is older than the checkpoint (crash between writes)', async () => {
    const run = join(directory, 'torn');
    await saveCheckpoint(run, state(1), record(10));
    const oldRunJson = await readFile(join(run, runFileName));
    await saveCheckpoint(run, state(2), record(20));
    await writeFile(join(run, runFileName), oldRunJson);
    const loaded = await loadCheckpoint(run);
    expect(loaded.record.step).toBe(20);
    expect(loaded.notes).toHaveLength(1);
    expect(loaded.notes[0]).toMatch(/run\.json describes another checkpoint \(sha256 differs\).*using the record stored in .*checkpoint\.safetensors \(step 20\)/);
    expect(loaded.tensors.get('model.bn.runningVar')!.data[0]).toBe(3);
  });

  it('refuses to write NaN or Infinity and leaves the last good checkpoint untouched', async () => {
    const run = join(directory, 'diverged');
    await saveCheckpoint(run, state(1), record(10));
    const before = await readFile(join(run, checkpointFileName));
    const bad = state(1);
    bad[1]![1].assign(tf.tensor1d([1, Number.NaN, 3]));
    const attempt = saveCheckpoint(run, bad, record(20));
    await expect(attempt).rejects.toBeInstanceOf(NonFiniteStateError);
    await expect(attempt).rejects.toThrow('tensor model.bn.runningVar holds NaN at index 1');
    expect(Buffer.compare(await readFile(join(run, checkpointFileName)), before)).toBe(0);
    expect((await readRunFile(run)).step).toBe(10);
  });

  it('names the missing file', async () => {
    await expect(loadCheckpoint(join(directory, 'nothing'))).rejects.toThrow(/no checkpoint to load: .*nothing\/checkpoint\.safetensors does not exist/);
  });

  it('names a truncated checkpoint', async () => {
    const run = join(directory, 'truncated');
    await saveCheckpoint(run, state(1), record(10));
    const bytes = await readFile(join(run, checkpointFileName));
    await writeFile(join(run, checkpointFileName), bytes.subarray(0, bytes.length - 10));
    await expect(loadCheckpoint(run)).rejects.toThrow(/truncated\/checkpoint\.safetensors is truncated: tensor optimizer\.momentum\.conv\.weight needs data bytes/);
  });

  it('rejects a safetensors file that is not an ftd checkpoint', async () => {
    const run = join(directory, 'foreign');
    await saveCheckpoint(run, state(1), record(10));
    const bytes = await readFile(join(run, checkpointFileName));
    const headerLength = Number(bytes.readBigUInt64LE(0));
    const header = bytes.subarray(8, 8 + headerLength).toString('utf8').replace('"ftd.run"', '"ftd.xyz"');
    await writeFile(join(run, checkpointFileName), Buffer.concat([bytes.subarray(0, 8), Buffer.from(header), bytes.subarray(8 + headerLength)]));
    await expect(loadCheckpoint(run)).rejects.toThrow(/safetensors file but not an ftd checkpoint: its metadata has no "ftd\.run" record/);
  });
});

describe('restoreState', () => {
  const stored = new Map([
    ['model.conv.weight', { shape: [1, 2, 2, 3], data: new Float32Array(12) }],
    ['model.bn.runningVar', { shape: [3], data: Float32Array.from([7, 8, 9]) }],
  ]);

  it('names a tensor of the wrong shape with expected and found, and assigns nothing', () => {
    const targets: Array<[string, tf.Variable]> = [
      ['model.conv.weight', tf.variable(tf.ones([1, 2, 2, 4]))],
      ['model.bn.runningVar', tf.variable(tf.ones([3]))],
    ];
    expect(() => restoreState(stored, targets, 'runs/a/checkpoint.safetensors')).toThrow(
      'runs/a/checkpoint.safetensors does not fit this model (a checkpoint from another preset or configuration?): ' +
        'tensor model.conv.weight has shape [1,2,2,3], expected [1,2,2,4]',
    );
    expect([...targets[1]![1].dataSync()]).toEqual([1, 1, 1]);
  });

  it('names missing and unexpected tensors', () => {
    const targets: Array<[string, tf.Variable]> = [
      ['model.bn.runningVar', tf.variable(tf.ones([3]))],
      ['optimizer.momentum.head.bias', tf.variable(tf.ones([1]))],
    ];
    expect(() => restoreState(stored, targets, 'c.safetensors')).toThrow(
      /tensor optimizer\.momentum\.head\.bias is missing \(expected shape \[1\]\); tensor model\.conv\.weight is not part of this model/,
    );
  });
});
