import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserRuntimes } from '../../src/runtime-node/parity/browser.ts';
import { chromiumMissingReason, findChromium } from '../../src/runtime-node/web-server/chromium.ts';
import { exportFaceModel } from '../helpers/face-model.ts';
import { warnSkip } from './model-fixture.ts';

const skipReason = findChromium() ? undefined : chromiumMissingReason();
warnSkip(skipReason, 'face.onnx parity in Chromium');

describe.skipIf(skipReason !== undefined)('face.onnx parity in headless Chromium', () => {
  let model: Awaited<ReturnType<typeof exportFaceModel>>;
  beforeAll(async () => {
    model = await exportFaceModel();
  });
  afterAll(() => model?.remove());

  it('browser-wasm reproduces test_data_set_face: the same faces, boxes and scores within 1e-4', async () => {
    const wasm = browserRuntimes().find((runtime) => runtime.name === 'browser-wasm')!;
    expect(await wasm.unavailableReason()).toBeUndefined();
    const report = await wasm.run(model.folder, {});
    const face = report.outputs.filter((output) => output.name.startsWith('face '));
    expect(face.map((output) => output.name)).toEqual(['face boxes', 'face scores']);
    expect(face[1]!.count).toBeGreaterThanOrEqual(2);
    for (const output of face) expect(output, output.name).toMatchObject({ pass: true, firstBad: -1 });
    expect(report.pass).toBe(true);
  });
});
