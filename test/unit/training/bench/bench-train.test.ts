import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { benchTrain } from '../../../../src/training/bench/bench-train.ts';
import { backendNames } from '../../../../src/training/backend/backend-choice.ts';
import { importOptional } from '../../../../src/training/backend/import-optional.ts';

describe('benchTrain', () => {
  it('times one tiny training step on cpu in a child process and reports a positive img/s', { timeout: 300_000 }, async () => {
    const folder = await mkdtemp(join(tmpdir(), 'ftd-bench-train-'));
    try {
      const json = join(folder, 'bench.json');
      const result = await benchTrain({ preset: 'tiny', backends: ['cpu'], steps: 1, warmup: 1, json });
      expect(result.rows).toHaveLength(1);
      const [row] = result.rows;
      expect(row).toMatchObject({ status: 'measured', backend: 'cpu', package: '@tensorflow/tfjs-backend-cpu', preset: 'tiny', imageSize: 32, batchSize: 4, steps: 1, warmup: 1 });
      if (row!.status !== 'measured') throw new Error('unreachable');
      expect(row!.stepSeconds).toHaveLength(1);
      expect(row!.imagesPerSecond).toBeGreaterThan(0);
      expect(row!.parameters).toBe(78743);
      // Engine-level kernel calls of one step; the cpu back end dispatches nothing to a GPU.
      expect(row!.kernelsPerStep).toBeGreaterThan(1000);
      expect(row!.gpuProgramsPerStep).toBeUndefined();
      expect(row!.kernelCounts!.Conv2D).toBeGreaterThan(0);
      expect(Object.values(row!.kernelCounts!).reduce((sum, count) => sum + count, 0)).toBe(row!.kernelsPerStep);
      expect(row!.hostClock).toBe(process.platform === 'linux' ? 'main thread' : 'process');
      expect(row!.hostSecondsPerStep).toBeGreaterThan(0);
      const [start, end] = row!.timedWindowMicroseconds!;
      expect(end).toBeGreaterThan(start);
      expect(result.table).toContain('| cpu ');
      expect(JSON.parse(await readFile(json, 'utf8'))).toEqual({ rows: result.rows, machine: result.machine, vsTorch: {}, profiles: [] });
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('refuses bad flags before starting any process', async () => {
    await expect(benchTrain({ backends: ['nope'] })).rejects.toThrow(new RegExp(`^--backends: "nope" is not a back end; expected ${backendNames.join(', ')}, torch$`));
    await expect(benchTrain({ warmup: 0 })).rejects.toThrow(/^--warmup must be an integer >= 1, got 0$/);
    await expect(benchTrain({ preset: 'huge' as never })).rejects.toThrow(/^--preset must be one of paper, small, tiny, got "huge"$/);
    await expect(benchTrain({ backends: ['cpu'], python: '' })).rejects.toThrow(/^--python must be the path of a Python executable, got ""$/);
  });
});

const tensorflowInstalled = (await importOptional('@tensorflow/tfjs-node')).ok || (await importOptional('@tensorflow/tfjs-node-gpu')).ok;
if (tensorflowInstalled) console.warn('skipping the unavailable-back-end test: a tfjs-node package is installed here, so tensorflow can run');

describe.skipIf(tensorflowInstalled)('benchTrain with a back end that is not installed', () => {
  it('fails naming it and the reason, after its process reports it unavailable', { timeout: 120_000 }, async () => {
    await expect(benchTrain({ preset: 'tiny', backends: ['tensorflow'], steps: 1, warmup: 1 })).rejects.toThrow(
      /^no back end could be timed:\n {2}tensorflow: --backend tensorflow is not available here: @tensorflow\/tfjs-node-gpu/,
    );
  });
});
