import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runParityGate } from '../../../../src/runtime-node/parity/gate.ts';
import { webWasmUnavailableReason } from '../../../../src/runtime-node/web-wasm-availability.ts';
import { exportFaceModel } from '../../../helpers/face-model.ts';

const webWasm = await webWasmUnavailableReason();
if (webWasm) console.warn(`skipping web-wasm in the face parity gate: ${webWasm}`);
const runtimes = webWasm ? (['node-cpu'] as const) : (['node-cpu', 'web-wasm'] as const);

describe('ftd parity on a model folder with face.onnx', () => {
  let model: Awaited<ReturnType<typeof exportFaceModel>>;
  beforeAll(async () => {
    model = await exportFaceModel();
  });
  afterAll(() => model?.remove());

  it(`checks face boxes and scores on ${runtimes.join(' and ')} beside the detector's outputs`, async () => {
    const result = await runParityGate({ model: model.folder, runtimes });
    expect(result.errors).toEqual([]);
    expect(result.reports.map((report) => report.runtime)).toEqual([...runtimes]);
    for (const report of result.reports) {
      const face = report.outputs.filter((output) => output.name.startsWith('face '));
      expect(face.map((output) => [output.name, output.pass])).toEqual([['face boxes', true], ['face scores', true]]);
    }
    expect(result.table).toMatch(/\| face scores \|/);
    expect(result.pass).toBe(true);
  });
});
