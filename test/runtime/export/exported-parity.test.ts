import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportModel } from '../../../src/export/export-model.ts';
import { parityRuntimes } from '../../../src/runtime-node/parity/registry.ts';
import type { ParityRuntimeName } from '../../../src/runtime-node/parity/runtime.ts';
import { chooseBackend } from '../../../src/training/backend/index.ts';
import { presets } from '../../../src/training/config.ts';
import { LearningToMask } from '../../../src/training/model/learning-to-mask.ts';
import { loadFaces } from '../../unit/export/faces.ts';
import { writeRun } from '../../unit/export/run-folder.ts';
import { makeTrainedLike } from '../../unit/export/trained-like.ts';

/**
 * What `ftd export` writes must pass parity on every runtime that deployments use: each runtime that can run
 * here loads the exported folder (teacher + student with the host mask, and the fused graph) and reproduces
 * the tfjs reference outputs stored beside the graphs, within its EP's tolerance.
 */

// Dawn (the webgpu EP's WebGPU) wants a runtime folder; without one it logs an error on every start.
process.env.XDG_RUNTIME_DIR ??= await mkdtemp(join(tmpdir(), 'ftd-xdg-'));

const runtimes = await Promise.all(parityRuntimes().map(async (runtime) => ({ name: runtime.name, runtime, reason: await runtime.unavailableReason() })));
const variants = [
  { name: 'dynamic batch, BatchNorm folded', batch: 'dynamic' as const, foldBatchNorm: true },
  { name: 'batch 2, BatchNorm kept', batch: 2, foldBatchNorm: false },
];
let scratch: string;
const folders = new Map<string, string>();

beforeAll(async () => {
  await chooseBackend('cpu');
  scratch = await mkdtemp(join(tmpdir(), 'ftd-exported-parity-'));
  const run = join(scratch, 'runs', 'tiny');
  const model = new LearningToMask(presets.tiny.model, 61);
  makeTrainedLike(model, (await loadFaces(4, presets.tiny.model.imageSize)).nhwc, 61);
  await writeRun(run, 'tiny', model, 61);
  model.dispose();
  await mkdir(join(scratch, 'models'));
  for (const variant of variants) {
    const out = join(scratch, 'models', variant.name.replace(/\W+/g, '-'));
    // face.onnx has its own parity tests; here every runtime (SwiftShader's WebGPU too) runs only the variants.
    await exportModel({ run, out, fused: true, batch: variant.batch, foldBatchNorm: variant.foldBatchNorm, faces: false });
    folders.set(variant.name, out);
  }
}, 300_000);
afterAll(() => rm(scratch, { recursive: true, force: true }));

const expectedEp: Record<ParityRuntimeName, string> = {
  'node-cpu': 'cpu', 'node-webgpu': 'webgpu', 'node-cuda': 'cuda', 'web-wasm': 'wasm', 'browser-wasm': 'wasm', 'browser-webgpu': 'webgpu',
};

describe.each(runtimes)('an exported tiny model on $name', ({ name, runtime, reason }) => {
  if (reason !== undefined) console.warn(`${name}: skipped: ${reason}`);

  describe.each(variants)('$name', (variant) => {
    it.skipIf(reason !== undefined).each([false, true])('reproduces the tfjs reference outputs (fused graph: %s)', async (fused) => {
      const report = await runtime.run(folders.get(variant.name)!, { fused });
      expect(report.ep).toBe(expectedEp[name]);
      expect(report.images).toBe(variant.batch === 'dynamic' ? 4 : variant.batch);
      for (const output of report.outputs) expect(output.maxAbs, `${name} ${output.name}`).toBeLessThanOrEqual(report.tolerance.abs);
      expect(report.mask.firstBad).toBe(-1);
      expect(report.pass).toBe(true);
    });
  });
});
