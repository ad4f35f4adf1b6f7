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

describe.each(faceRuntimes)('face.onnx against ftd\'s tfjs detector (test_data_set_face) on $name', ({ unavailable, factory }) => {
  it.skipIf(unavailable !== undefined)('keeps the same faces, boxes and scores within 1e-4', async () => {
    const source = fileModelSource(model.folder);
    const comparisons = await checkFaceGraph(source, await readManifest(source), await factory(), { abs: 1e-4 });
    expect(comparisons.map((c) => c.name)).toEqual(['face boxes', 'face scores']);
    const [boxes, scores] = comparisons;
    expect(scores!.count).toBeGreaterThanOrEqual(2);
    expect(boxes!.count).toBe(4 * scores!.count);
    for (const comparison of comparisons) expect(comparison, comparison.name).toMatchObject({ pass: true, firstBad: -1 });
  });
});

describe('checkFaceGraph', () => {
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
