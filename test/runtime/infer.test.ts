import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readManifest } from '../../src/runtime-common/open-detector.ts';
import { resizeToSquare, toNchw } from '../../src/runtime-common/preprocess.ts';
import type { NamedTensor } from '../../src/runtime-common/tensor-proto.ts';
import { fileModelSource } from '../../src/runtime-node/file-model-source.ts';
import { decodeImage } from '../../src/runtime-node/infer/decode-image.ts';
import { listImages } from '../../src/runtime-node/infer/list-images.ts';
import { runInference, type InferResult } from '../../src/runtime-node/infer/run-inference.ts';
import { badImagesFolder, facesFolder, modelTiny, referenceTensors, runFtd } from './model-tiny.ts';

/**
 * The model's test data was made from the fixture faces (the first ones by name, cycled to fill a fixed
 * batch), so `ftd infer` on those files must give the reference probabilities: same decode, same
 * pre-processing, same graphs.
 */

const manifest = await readManifest(fileModelSource(modelTiny));
let reference: Map<string, NamedTensor>;
/** The fixture faces the reference outputs were computed for, in reference order. */
let faces: string[];
let temporary: string;

beforeAll(async () => {
  reference = await referenceTensors(modelTiny);
  const all = await listImages([facesFolder]);
  faces = Array.from({ length: manifest.testData.count }, (_, i) => all[i % all.length]!);
  temporary = await mkdtemp(join(tmpdir(), 'ftd-infer-'));
});

afterAll(async () => {
  await rm(temporary, { recursive: true, force: true });
});

const cpuTolerance = 1e-4;

describe('ftd infer on the fixture faces', () => {
  it('feeds the graphs exactly the reference input: sharp decode, then the shared pre-processing', async () => {
    const { size, fit } = manifest.input;
    const images = await Promise.all(faces.map(async (file) => resizeToSquare(await decodeImage(file), size, fit)));
    const expected = reference.get('image')!;
    expect(expected.dims).toEqual([faces.length, 3, size, size]);
    expect(toNchw(images, size)).toEqual(expected.data);
  });

  it('prints the reference probability for each image, labelled at 0.5, on the EP it reports', async () => {
    const { code, stdout, stderr } = await runFtd(['infer', modelTiny, ...faces, '--ep', 'cpu', '--json']);
    expect(stderr).not.toMatch(/ftd:/);
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as InferResult;
    expect(result.ep).toBe('cpu');
    expect(result.scores.map((s) => s.path)).toEqual(faces);
    const prob = reference.get('prob')!.data as Float32Array;
    result.scores.forEach((score, i) => {
      expect(Math.abs(score.prob! - prob[i]!), score.path).toBeLessThanOrEqual(cpuTolerance);
      expect(score.label).toBe(score.prob! >= 0.5 ? 'fake' : 'real');
    });
  });

  it('with --json FILE, prints the usual lines and writes the same scores to FILE', async () => {
    const file = join(temporary, 'scores.json');
    const { code, stdout, stderr } = await runFtd(['infer', modelTiny, ...faces, '--ep', 'cpu', '--json', file]);
    expect(code).toBe(0);
    const result = JSON.parse(await readFile(file, 'utf8')) as InferResult;
    expect(result.scores.map((s) => s.path)).toEqual(faces);
    expect(stdout.trim().split('\n')).toEqual(result.scores.map((s) => `${s.prob!.toFixed(6)}  ${s.label.padEnd(4)}  ${s.path}`));
    expect(stderr).toMatch(new RegExp(`^${faces.length} images on cpu in `, 'm'));
  });

  it('gives the same probabilities through the fused graph, in batches of 3', async () => {
    expect(manifest.graphs.detector, `${modelTiny} has no fused detector graph, so the fused path would go untested`).toBeDefined();
    const result = await runInference({ model: modelTiny, inputs: faces, ep: 'cpu', fused: true, batch: 3 });
    expect(result.fused).toBe(true);
    const prob = reference.get('prob')!.data as Float32Array;
    expect(result.scores).toHaveLength(prob.length);
    result.scores.forEach((score, i) => expect(Math.abs(score.prob! - prob[i]!)).toBeLessThanOrEqual(cpuTolerance));
  });

  it('scores each file the same whether it is named alone or found in its folder, in any batch size', async () => {
    const reversed = (await listImages([facesFolder])).reverse();
    const one = await runInference({ model: modelTiny, inputs: reversed, ep: 'cpu', batch: 1 });
    const all = await runInference({ model: modelTiny, inputs: [facesFolder], ep: 'cpu', batch: 16 });
    const byPath = new Map(all.scores.map((s) => [s.path, s.prob!]));
    expect(one.scores.map((s) => s.path)).toEqual(reversed);
    for (const score of one.scores) expect(Math.abs(score.prob! - byPath.get(score.path)!)).toBeLessThanOrEqual(1e-6);
  });

  it('writes one heat-map PNG per image at the picture\'s own size', async () => {
    const folder = join(temporary, 'heatmaps');
    const result = await runInference({ model: modelTiny, inputs: [facesFolder], ep: 'cpu', heatmaps: folder });
    const pictures = await listImages([facesFolder]);
    expect((await readdir(folder)).sort()).toEqual(pictures.map((f) => `${basename(f).replace(/\.[^.]+$/, '')}.png`).sort());
    for (const score of result.scores) {
      const [picture, heatmap] = await Promise.all([sharp(score.path).metadata(), sharp(score.heatmap!).metadata()]);
      expect([heatmap.format, heatmap.width, heatmap.height]).toEqual(['png', picture.width, picture.height]);
    }
  });
});

describe('ftd infer on an unreadable image', () => {
  it('stops with an error naming the file', async () => {
    const { code, stderr } = await runFtd(['infer', modelTiny, badImagesFolder, '--ep', 'cpu']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/truncated\.jpg cannot be decoded as an image/);
  });

  it('skips it and counts it under --skip-bad', async () => {
    const result = await runInference({ model: modelTiny, inputs: [badImagesFolder], ep: 'cpu', skipBad: true, batch: 4 });
    const listed = await listImages([badImagesFolder]);
    expect(result.badImages.map((b) => basename(b.path))).toEqual(['truncated.jpg']);
    expect(result.scores).toHaveLength(listed.length - 1);
    expect(result.scores.every((s) => s.prob! >= 0 && s.prob! <= 1)).toBe(true);
  });
});
