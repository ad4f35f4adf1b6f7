import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readManifest } from '../../src/runtime-common/open-detector.ts';
import type { ParityReport } from '../../src/runtime-common/run-parity.ts';
import type { ModelManifest } from '../../src/runtime-common/model-manifest.ts';
import { fileModelSource } from '../../src/runtime-node/file-model-source.ts';
import { browserRuntimes } from '../../src/runtime-node/parity/browser.ts';
import { openBrowserHarness, type BrowserHarness } from '../../src/runtime-node/web-server/browser-harness.ts';
import { browserSkipReason, testModel, warnSkip } from './model-fixture.ts';

const skipReason = browserSkipReason();
warnSkip(skipReason, 'browser parity');

/** The DESIGN tolerances, checked here on the numbers rather than only on the report's own verdict. */
function expectWithin(report: ParityReport, manifest: ModelManifest, ep: string, abs: number, outputs: string[]): void {
  expect(report.ep).toBe(ep);
  expect(report.images).toBe(manifest.testData.count);
  expect(report.tolerance.abs).toBe(abs);
  expect(report.outputs.map((output) => output.name).sort()).toEqual([...outputs].sort());
  for (const output of report.outputs) {
    expect(output.count, output.name).toBeGreaterThan(0);
    expect(output.maxAbs, output.name).toBeLessThanOrEqual(abs);
  }
  expect(report.mask.mismatches - report.mask.boundaryFlips).toBe(0);
  expect(report.pass).toBe(true);
}

describe.skipIf(skipReason !== undefined)('parity in headless Chromium', () => {
  let harness: BrowserHarness;
  let manifest: ModelManifest;
  beforeAll(async () => {
    manifest = await readManifest(fileModelSource(testModel));
    harness = await openBrowserHarness();
  });
  afterAll(async () => harness?.close());

  it('browser-wasm reproduces the reference outputs within 1e-4 (mask-then-classify and the fused graph)', async () => {
    const wasm = browserRuntimes(harness).find((runtime) => runtime.name === 'browser-wasm')!;
    expect(await wasm.unavailableReason()).toBeUndefined();
    expectWithin(await wasm.run(testModel, {}), manifest, 'wasm', 1e-4, ['attention', 'vit_logit', 'cnn_logit', 'logit', 'prob']);
    expect(manifest.graphs.detector, `${testModel} has no fused detector graph, so the fused path would go untested`).toBeDefined();
    expectWithin(await wasm.run(testModel, { fused: true }), manifest, 'wasm', 1e-4, ['attention', 'prob']);
  });

  it('browser-webgpu reproduces the reference outputs within 1e-3 where Chromium offers an adapter', async (context) => {
    const webgpu = browserRuntimes(harness).find((runtime) => runtime.name === 'browser-webgpu')!;
    const reason = await webgpu.unavailableReason();
    if (reason !== undefined) {
      console.warn(`skipping browser-webgpu parity: ${reason}`);
      context.skip();
    }
    // Only the two-graph pipeline: on SwiftShader each graph costs about a minute of shader work.
    expectWithin(await webgpu.run(testModel, {}), manifest, 'webgpu', 1e-3, ['attention', 'vit_logit', 'cnn_logit', 'logit', 'prob']);
  }, 600_000);
});

describe('browser runtimes without a browser', () => {
  it('say why they cannot run instead of failing, naming the setting to fix', async () => {
    const saved = process.env.FTD_CHROMIUM;
    process.env.FTD_CHROMIUM = `${testModel}/no-such-chromium`;
    try {
      for (const runtime of browserRuntimes()) {
        expect(await runtime.unavailableReason(), runtime.name).toMatch(/FTD_CHROMIUM is set to .*no-such-chromium, which is not an executable file/);
      }
    } finally {
      if (saved === undefined) delete process.env.FTD_CHROMIUM;
      else process.env.FTD_CHROMIUM = saved;
    }
  });
});
