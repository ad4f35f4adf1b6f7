import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runParity } from '../../src/runtime-common/run-parity.ts';
import { nodeEpUnavailableReason } from '../../src/runtime-node/ep-probe.ts';
import { fileModelSource } from '../../src/runtime-node/file-model-source.ts';
import { NODE_EPS } from '../../src/runtime-node/node-session.ts';
import { openNodeDetector } from '../../src/runtime-node/open-node-detector.ts';
import { webGpuAdapter } from '../../src/util/webgpu-adapter-probe.ts';
import { facesFolder, modelTiny, runFtdWithStderrFile } from './model-tiny.ts';

/** `--ep auto` tries cuda, webgpu (on a real GPU), cpu, and reports the one that ran and why it passed others. */

const adapter = await webGpuAdapter();
const cudaReason = await nodeEpUnavailableReason('cuda');
// The refusal is checked on CUDA, the EP a machine without an NVIDIA GPU lacks; where CUDA runs there is none to refuse.
if (cudaReason === undefined) console.warn('skipping the test of an unavailable EP asked for by name: CUDA is available here, so no EP is missing');

describe('execution provider choice', () => {
  it('auto runs on the first EP that works and lists each one before it with its reason', async () => {
    const { detector, skipped } = await openNodeDetector(modelTiny, { ep: 'auto' });
    try {
      const ran = NODE_EPS.indexOf(detector.ep as (typeof NODE_EPS)[number]);
      expect(ran).toBeGreaterThanOrEqual(0);
      expect(skipped.map((s) => s.ep)).toEqual(NODE_EPS.slice(0, ran));
      for (const { reason } of skipped) expect(reason.length).toBeGreaterThan(10);
      if (adapter?.software) {
        expect(detector.ep).not.toBe('webgpu');
        expect(skipped.find((s) => s.ep === 'webgpu')?.reason).toMatch(/CPU rasteriser/);
      }
    } finally {
      await detector.release();
    }
  });

  describe.skipIf(cudaReason === undefined)('an EP that cannot run', () => {
    it('is an error that says why when asked for by name', async () => {
      await expect(openNodeDetector(modelTiny, { ep: 'cuda' })).rejects.toThrow(/asked for --ep cuda[\s\S]*cuda: /);
    });
  });

  it.each([true, false])('cpu sessions with spin %s (onnxruntime session config) reproduce the reference outputs', async (spin) => {
    const { detector } = await openNodeDetector(modelTiny, { ep: 'cpu', spin });
    try {
      const report = await runParity(detector, fileModelSource(modelTiny), 'node-cpu');
      expect(report.pass).toBe(true);
    } finally {
      await detector.release();
    }
  });

  it("--ep auto prints none of Dawn's limit-clamp notices with stderr a regular file (as under `> log 2>&1`)", async () => {
    const { code, stderr: said } = await runFtdWithStderrFile(['infer', modelTiny, join(facesFolder, '00-real-id0-raw.png'), '--ep', 'auto']);
    expect(code, said).toBe(0);
    expect(said).toMatch(/ images on \w+ in /);
    expect(said).not.toMatch(/artificially reduced/);
  });

  it('the cpu EP is always there', async () => {
    expect(await nodeEpUnavailableReason('cpu')).toBeUndefined();
  });
});
