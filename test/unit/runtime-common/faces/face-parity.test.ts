import { cp, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkFaceGraph } from '../../../../src/runtime-common/faces/face-parity.ts';
import { readManifest } from '../../../../src/runtime-common/open-detector.ts';
import { encodeTensorProto } from '../../../../src/runtime-common/tensor-proto.ts';
import { readTestData } from '../../../../src/runtime-common/run-parity.ts';
import { fileModelSource } from '../../../../src/runtime-node/file-model-source.ts';
import { exportFaceModel } from '../../../helpers/face-model.ts';
import { faceRuntimes } from './runtimes.ts';

let model: Awaited<ReturnType<typeof exportFaceModel>>;
beforeAll(async () => {
  model = await exportFaceModel();
});
afterAll(() => model?.remove());

// Each runtime's pass is checked through `ftd parity` (test/unit/runtime-node/parity/gate-faces.test.ts and
// test/browser/face-parity.test.ts); here, what makes the check fail and when it has nothing to check.
describe('checkFaceGraph', () => {
  it('passes on node-cpu, where face.onnx reproduces the reference within 1e-4', async () => {
    const source = fileModelSource(model.folder);
    const comparisons = await checkFaceGraph(source, await readManifest(source), await faceRuntimes[0]!.factory(), { abs: 1e-4 });
    expect(comparisons.map((c) => [c.name, c.pass])).toEqual([['face boxes', true], ['face scores', true]]);
    expect(comparisons[1]!.count).toBeGreaterThanOrEqual(2);
    expect(comparisons[0]!.count).toBe(4 * comparisons[1]!.count);
  });

  it('fails when the reference holds a face the graph does not find', async () => {
    const copy = join(model.folder, '..', 'one-face-more');
    await cp(model.folder, copy, { recursive: true });
    const source = fileModelSource(copy);
    const manifest = await readManifest(source);
    const { outputs } = await readTestData(source, manifest.face!.testData.folder, 2, 2);
    const scores = outputs.get('scores')!;
    const more = Float32Array.from([...(scores.data as Float32Array), 0.6]);
    await writeFile(join(copy, manifest.face!.testData.folder, 'output_1.pb'), encodeTensorProto({ name: scores.name, type: 'float32', data: more, dims: [more.length] }));
    const [, scoreComparison] = await checkFaceGraph(source, manifest, await faceRuntimes[0]!.factory(), { abs: 1e-4 });
    expect(scoreComparison).toMatchObject({ name: 'face scores', pass: false });
  });

  it('checks nothing in a model folder without face.onnx', async () => {
    const source = fileModelSource(model.folder);
    const manifest = await readManifest(source);
    const { face: _, ...withoutFace } = manifest;
    const { face: __, ...graphs } = manifest.graphs;
    expect(await checkFaceGraph(source, { ...withoutFace, graphs }, await faceRuntimes[0]!.factory(), { abs: 1e-4 })).toEqual([]);
  });
});
