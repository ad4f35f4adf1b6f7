import { cp, mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { faceApiModelFolder, tinyFaceDetectorFiles } from '../../../../src/training/face-detector/face-api-weights.ts';
import { loadTinyFaceDetector } from '../../../../src/training/face-detector/load-tiny-face-detector.ts';
import { useCpuBackend } from '../modules/tfjs-cpu.ts';

const manifestName = tinyFaceDetectorFiles.manifest;
const binaryName = 'tiny_face_detector_model.bin';
let scratch: string;

beforeAll(async () => {
  await useCpuBackend();
  scratch = await mkdtemp(join(tmpdir(), 'ftd-face-weights-'));
});
afterAll(() => rm(scratch, { recursive: true, force: true }));

/** A copy of the shipped weights folder, changed by `damage`. */
async function damagedCopy(name: string, damage: (folder: string) => Promise<void>): Promise<string> {
  const folder = join(scratch, name);
  await cp(join(faceApiModelFolder(), manifestName), join(folder, manifestName));
  await cp(join(faceApiModelFolder(), binaryName), join(folder, binaryName));
  await damage(folder);
  return folder;
}

async function editManifest(folder: string, edit: (weights: Array<Record<string, unknown>>) => void): Promise<void> {
  const manifest = JSON.parse(await readFile(join(folder, manifestName), 'utf8'));
  edit(manifest[0].weights);
  await writeFile(join(folder, manifestName), JSON.stringify(manifest));
}

describe('loadTinyFaceDetector', () => {
  it('loads the shipped weights, dequantized: 19 tensors, every parameter of the network', async () => {
    const net = await loadTinyFaceDetector();
    try {
      expect(net.namedParameters()).toHaveLength(19);
      // conv0/bias is uint8 with scale 0.005263455 and min -0.921104667: every value lies on that grid.
      const bias = Array.from(net.convolutions[0]!.parameters.get('bias')!.dataSync());
      for (const value of bias) {
        const step = (value + 0.9211046672334858) / 0.005263455241334205;
        expect(Math.abs(step - Math.round(step))).toBeLessThan(1e-3);
      }
    } finally {
      net.dispose();
    }
  });

  it('names the file when the manifest is missing', async () => {
    const folder = await damagedCopy('missing', (f) => rm(join(f, manifestName)));
    await expect(loadTinyFaceDetector(folder)).rejects.toThrow(`${join(folder, manifestName)} could not be read (ENOENT)`);
  });

  it('names the file and the tensor that runs past the end of a truncated weights file', async () => {
    const folder = await damagedCopy('truncated', (f) => truncate(join(f, binaryName), 150_000));
    await expect(loadTinyFaceDetector(folder)).rejects.toThrow(/tiny_face_detector_model\.bin is truncated: tensor "conv5\/pointwise_filter" needs bytes \d+\.\.\d+ but the file has 150000/);
  });

  it('names the tensor whose shape does not fit the network', async () => {
    const folder = await damagedCopy('shape', (f) => editManifest(f, (weights) => {
      weights[0]!.shape = [3, 3, 16, 3];
    }));
    await expect(loadTinyFaceDetector(folder)).rejects.toThrow(/tensor "conv0\/filters" has shape \[3,3,16,3\], the tiny face detector needs \[3,3,3,16\]/);
  });

  it('names a tensor the network needs that the manifest lacks, and a weights file that does not match it', async () => {
    const folder = await damagedCopy('renamed', (f) => editManifest(f, (weights) => {
      weights[18]!.name = 'conv9/bias';
    }));
    await expect(loadTinyFaceDetector(folder)).rejects.toThrow(/has no tensor "conv8\/bias"/);
    const other = await damagedCopy('dropped', (f) => editManifest(f, (weights) => {
      weights.pop();
    }));
    await expect(loadTinyFaceDetector(other)).rejects.toThrow(/has 193321 bytes but .* describes 193296: the weights do not belong to this manifest/);
  });

  it('refuses a manifest that is not JSON, naming it', async () => {
    const folder = await damagedCopy('garbled', (f) => writeFile(join(f, manifestName), '[{"weights": '));
    await expect(loadTinyFaceDetector(folder)).rejects.toThrow(new RegExp(`${manifestName} is not valid JSON`));
  });
});
