import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { chooseBackend } from '../../../../src/training/backend/index.ts';
import { defaultPython, runReference } from '../../../../src/training/bench/run-reference.ts';
import { presets } from '../../../../src/training/config.ts';
import { LearningToMask } from '../../../../src/training/model/learning-to-mask.ts';

const script = fileURLToPath(new URL('../../../../src/training/bench/pytorch_reference.py', import.meta.url));
const probe = spawnSync(defaultPython, ['-c', 'import torch'], { encoding: 'utf8' });
const missing = probe.error ? `${defaultPython} does not run (${probe.error.message})` : probe.status !== 0 ? `${defaultPython} has no torch (apt-get install python3-torch)` : null;
if (missing) console.warn(`skipping the PyTorch reference tests: ${missing}`);

function torchParameters(preset: keyof typeof presets): number {
  const run = spawnSync(defaultPython, [script, JSON.stringify({ mode: 'parameters', model: presets[preset].model })], { encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
  return (JSON.parse(run.stdout) as { parameters: number }).parameters;
}

describe.skipIf(missing !== null)('the PyTorch reference', () => {
  it("builds ftd's architecture from the preset config: the parameter counts of tiny and small match LearningToMask's", async () => {
    await chooseBackend('cpu');
    for (const preset of ['tiny', 'small'] as const) {
      const model = new LearningToMask(presets[preset].model, 0);
      try {
        expect(torchParameters(preset)).toBe(model.parameterCount());
      } finally {
        model.dispose();
      }
    }
  });

  it('follows the config it is given: a ResNet18 student and a wider ViT change its count as they change ftd\'s', async () => {
    await chooseBackend('cpu');
    const model = {
      ...presets.tiny.model,
      studentBackbone: { architecture: 'resnet18' as const, widthMultiplier: 0.125, outputStride: 8 },
      vit: { dim: 24, heads: 3, mlpDim: 40, blocks: 2 },
    };
    const ftd = new LearningToMask(model, 0);
    try {
      const run = spawnSync(defaultPython, [script, JSON.stringify({ mode: 'parameters', model })], { encoding: 'utf8' });
      expect(run.status, run.stderr).toBe(0);
      expect(JSON.parse(run.stdout)).toEqual({ parameters: ftd.parameterCount() });
    } finally {
      ftd.dispose();
    }
  });

  it('times tiny training steps and reports a row in the tfjs children\'s format', { timeout: 120_000 }, async () => {
    const { model, train } = presets.tiny;
    const row = await runReference({ preset: 'tiny', model, train, batchSize: 4, warmup: 1, steps: 2, threads: 1, seed: 0 }, defaultPython, () => undefined);
    expect(row).toMatchObject({ status: 'measured', backend: 'torch', device: 'cpu, 1 threads', preset: 'tiny', imageSize: 32, batchSize: 4, steps: 2, parameters: 78743, hostClock: 'main thread' });
    if (row.status !== 'measured') throw new Error('unreachable');
    expect(row.package).toMatch(/^torch \d+\.\d+/);
    expect(row.stepSeconds).toHaveLength(2);
    expect(row.kernelsPerStep).toBeGreaterThan(100);
  });
});

describe('the PyTorch reference without torch', () => {
  it('is a row saying what to install, not a failure, when the Python does not exist', async () => {
    const { model, train } = presets.tiny;
    const python = fileURLToPath(new URL('./no-such-python3', import.meta.url));
    const row = await runReference({ preset: 'tiny', model, train, batchSize: 4, warmup: 1, steps: 1, threads: 1, seed: 0 }, python, () => undefined);
    expect(row).toEqual({ status: 'unavailable', backend: 'torch', reason: `${python} does not exist (apt-get install python3-torch)` });
  });

  it.skipIf(probe.error !== undefined)('is a row naming the Python that has no torch (site packages off, so torch cannot import)', () => {
    const run = spawnSync(defaultPython, ['-S', script, '{}'], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ status: 'unavailable', backend: 'torch', reason: `${defaultPython} has no torch (apt-get install python3-torch)` });
  });
});
