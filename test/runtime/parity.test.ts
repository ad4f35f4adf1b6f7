import { describe, expect, it } from 'vitest';
import { readManifest } from '../../src/runtime-common/open-detector.ts';
import { fileModelSource } from '../../src/runtime-node/file-model-source.ts';
import { parityRuntimes } from '../../src/runtime-node/parity/registry.ts';
import type { ParityRuntimeName, PlacedParityReport } from '../../src/runtime-node/parity/runtime.ts';
import { modelTiny, referenceTensors } from './model-tiny.ts';

/**
 * The one parity test, run on every runtime the registry knows: each must reproduce the fixture model's
 * reference (tfjs) outputs within its EP's tolerance. A runtime that cannot run here is skipped, with why.
 */

const manifest = await readManifest(fileModelSource(modelTiny));
const runtimes = await Promise.all(parityRuntimes().map(async (runtime) => ({ name: runtime.name, runtime, reason: await runtime.unavailableReason() })));
const pipelines = manifest.graphs.detector ? [false, true] : [false];

const expectedEp: Record<ParityRuntimeName, string> = {
  'node-cpu': 'cpu',
  'node-webgpu': 'webgpu',
  'node-cuda': 'cuda',
  'web-wasm': 'wasm',
  'browser-wasm': 'wasm',
  'browser-webgpu': 'webgpu',
};

it('checks against reference outputs that differ between images by far more than the tolerance', async () => {
  // A barely trained model gives every image the same probability; parity at 1e-4 would then prove nothing.
  const prob = Array.from((await referenceTensors(modelTiny)).get('prob')!.data as Float32Array);
  expect(prob.length).toBeGreaterThan(1);
  expect(Math.max(...prob) - Math.min(...prob)).toBeGreaterThan(1e-3);
});

describe.each(runtimes)('parity on $name', ({ name, runtime, reason }) => {
  if (reason !== undefined) console.warn(`${name}: skipped: ${reason}`);

  it.skipIf(reason !== undefined).each(pipelines)('reproduces the reference outputs (fused graph: %s)', async (fused) => {
    const report: PlacedParityReport = await runtime.run(modelTiny, { fused });
    const n = manifest.testData.count;
    const positions = manifest.featureGrid.h * manifest.featureGrid.w;

    expect(report.runtime).toBe(name);
    expect(report.ep).toBe(expectedEp[name]);
    expect(report.images).toBe(n);
    const names = fused ? ['attention', 'prob'] : ['attention', 'vit_logit', 'cnn_logit', 'logit', 'prob'];
    expect(report.outputs.map((o) => [o.name, o.count])).toEqual(names.map((o) => [o, o === 'attention' ? n * positions : n]));
    expect(report.tolerance.abs).toBe(/webgpu|cuda/.test(report.ep) ? 1e-3 : 1e-4);

    for (const output of report.outputs) {
      expect(output.maxAbs, `${name} ${output.name}`).toBeLessThanOrEqual(report.tolerance.abs);
      expect(output.firstBad, `${name} ${output.name}`).toBe(-1);
    }
    expect(report.mask.firstBad).toBe(-1);
    expect(report.mask.mismatches).toBe(report.mask.boundaryFlips);
    if (report.studentOnReferenceMask) expect(report.studentOnReferenceMask.maxAbs).toBeLessThanOrEqual(report.tolerance.abs);
    if (report.placement) expect(report.placement.nodes).toBeGreaterThan(0);
    expect(report.pass).toBe(true);
  });
});
