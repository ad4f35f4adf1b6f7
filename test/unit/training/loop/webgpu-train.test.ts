import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCheckpoint } from '../../../../src/training/checkpoint/index.ts';
import { train } from '../../../../src/training/loop/train.ts';
import { writeTinyDataset } from './tiny-dataset.ts';
import { webGpuUnavailableReason } from '../../../helpers/webgpu-adapter.ts';

const missing = await webGpuUnavailableReason();
if (missing) console.warn(`skipping WebGPU training: ${missing}`);
const quiet = () => new Writable({ write: (_chunk, _encoding, done) => done() });

let root: string;
let csv: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ftd-webgpu-train-'));
  csv = await writeTinyDataset(join(root, 'data'), { videosPerClass: { train: 4, val: 1 } });
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe.skipIf(missing !== null)('training on the webgpu back end', () => {
  it('follows the cpu back end: the same loss parts over 3 steps, within float32 reordering', { timeout: 600_000 }, async () => {
    const options = { data: csv, preset: 'tiny' as const, epochs: 1, stepsPerEpoch: 3, progress: 'none' as const, stream: quiet() };
    const cpu = await train({ ...options, out: join(root, 'cpu'), backend: 'cpu' });
    const gpu = await train({ ...options, out: join(root, 'webgpu'), backend: 'webgpu' });
    expect(gpu.backend.name).toBe('webgpu');
    expect((await loadCheckpoint(join(root, 'webgpu'))).record.backend).toMatchObject({ name: 'webgpu', package: '@tensorflow/tfjs-backend-webgpu' });
    // Means over steps 1-3, so steps 2 and 3 also check that both back ends made the same updates. Weights
    // themselves are not compared: BatchNorm betas that feed another BatchNorm get gradients that are zero
    // up to rounding, and momentum turns that rounding into large relative differences without meaning.
    const [cpuLoss, gpuLoss] = [cpu.metrics[0]!.loss, gpu.metrics[0]!.loss];
    let worst = 0;
    for (const part of Object.keys(cpuLoss) as Array<keyof typeof cpuLoss>) worst = Math.max(worst, Math.abs(gpuLoss[part] - cpuLoss[part]));
    console.info(`webgpu vs cpu, mean loss parts over 3 steps: largest difference ${worst.toExponential(2)}`);
    expect(worst).toBeLessThan(2e-3);
  });
});
