import { createHash } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportModel } from '../../../../src/export/export-model.ts';
import { parityRuntimes } from '../../../../src/runtime-node/parity/registry.ts';
import type { Backbone } from '../../../../src/training/backbones/backbone.ts';
import { createBackbone } from '../../../../src/training/backbones/create-backbone.ts';
import type { InitSource } from '../../../../src/training/checkpoint/run-record.ts';
import type { BackboneConfig } from '../../../../src/training/config.ts';
import { train } from '../../../../src/training/loop/train.ts';
import { loadPretrained } from '../../../../src/training/pretrained/load-pretrained.ts';
import { pretrainedSources } from '../../../../src/training/pretrained/pretrained-sources.ts';
import { readKerasH5 } from '../../../../src/training/pretrained/read-keras-h5.ts';
import { readWeightFile } from '../../../../src/training/pretrained/weight-file.ts';
import { FlagError } from '../../../../src/util/flag-error.ts';
import { Rng } from '../../../../src/util/rng.ts';
import { useCpuBackend } from '../modules/tfjs-cpu.ts';
import { makeReferenceWeights, referenceRequest, referenceWeightsUnavailable, type ReferenceWeights } from './reference-weights.ts';

/**
 * ImageNet-shaped weight files made by PyTorch (torchvision's ResNets, timm's legacy_xception, Keras's Xception
 * layout written with h5py), with random weights and BatchNorm statistics gathered from random batches, load
 * into ftd's backbones and give PyTorch's eval-mode features. Features of random deep networks grow to the
 * hundreds, so agreement is stated relative to their largest magnitude.
 */
const unavailable = referenceWeightsUnavailable();
if (unavailable) console.warn(`skipping the PyTorch agreement tests: ${unavailable}`);

const published = { widthMultiplier: 1, outputStride: 32 } as const;
const timmNetwork: BackboneConfig = { architecture: 'xception-timm', ...published, middleBlocks: 8 };
const kerasNetwork: BackboneConfig = { architecture: 'xception', outputStride: 32, ...referenceRequest.keras };

let reference: ReferenceWeights;
beforeAll(async () => {
  if (unavailable) return;
  await useCpuBackend();
  reference = await makeReferenceWeights();
}, 300_000);
afterAll(() => (reference ? rm(reference.folder, { recursive: true, force: true }) : undefined));

async function load(config: BackboneConfig, file: string, strict = true): Promise<{ net: Backbone; source: InitSource; lines: string[] }> {
  const net = createBackbone({ ...config, inputNormalization: pretrainedSources[config.architecture].inputNormalization }, new Rng(1));
  const lines: string[] = [];
  try {
    const source = await loadPretrained(net, config.architecture, await readWeightFile(join(reference.folder, file), '--init'), { strict, role: 'teacher' }, (line) => lines.push(line));
    return { net, source, lines };
  } catch (error) {
    net.dispose();
    throw error;
  }
}

const nhwc = (tensor: { shape: readonly number[]; data: Float32Array }) => tf.transpose(tf.tensor4d(tensor.data, tensor.shape as [number, number, number, number]), [0, 2, 3, 1]);

describe.skipIf(unavailable !== null)('pretrained weights written by PyTorch', () => {
  it.each([
    ['torchvision resnet18', { architecture: 'resnet18', ...published }, 'resnet18.safetensors', 'resnet18', 100],
    ['torchvision resnet34', { architecture: 'resnet34', ...published }, 'resnet34.safetensors', 'resnet34', 180],
    ["timm's legacy_xception", timmNetwork, 'xception-timm.safetensors', 'xception-timm', 234],
    ["timm's layout, narrowed as ftd narrows", { architecture: 'xception-timm', outputStride: 32, ...referenceRequest.timmNarrow }, 'xception-timm-narrow.safetensors', 'xception-timm-narrow', 90],
    ["Keras's Xception (Keras 2 names)", kerasNetwork, 'xception-keras.h5', 'xception-keras', 234],
    ["Keras's Xception (Keras 1 names)", kerasNetwork, 'xception-keras1.h5', 'xception-keras', 234],
  ] as Array<[string, BackboneConfig, string, string, number]>)('%s: loaded, the features match PyTorch eval mode to 1e-4 of their scale', async (_, config, file, key, tensors) => {
    const { net, source } = await load(config, file);
    const expected = nhwc(reference.features.get(key)!);
    const actual = net.forward(nhwc(reference.features.get('input')!), false);
    expect(actual.shape).toEqual(expected.shape);
    const scale = tf.max(tf.abs(expected)).dataSync()[0]!;
    const difference = tf.max(tf.abs(tf.sub(actual, expected))).dataSync()[0]!;
    expect(scale).toBeGreaterThan(1);
    expect(difference / scale).toBeLessThan(1e-4);
    const sha256 = createHash('sha256').update(await readFile(join(reference.folder, file))).digest('hex');
    expect(source).toEqual({ file, sha256, format: pretrainedSources[config.architecture].format, loaded: tensors, notLoaded: [] });
    net.dispose();
  });

  it("puts every tensor of the Keras file where Keras's Xception has it, value by value", async () => {
    const { net } = await load(kerasNetwork, 'xception-keras.h5');
    const stored = new Map((await readKerasH5(join(reference.folder, 'xception-keras.h5'))).flatMap((layer) => layer.weights.map((weight) => [weight.name.replace(/:0$/, ''), weight.data] as const)));
    const state = net.namedState();
    expect(state.length).toBe(stored.size);
    for (const [path, variable] of state) {
      const values = stored.get(kerasName(path));
      expect(values, `${path} as ${kerasName(path)}`).toBeDefined();
      expect(Array.from(variable.dataSync()), path).toEqual(Array.from(values!));
    }
    net.dispose();
  });

  describe('a file that does not fit is refused, naming what does not fit, and changes nothing', () => {
    it('a truncated safetensors file', async () => {
      const bytes = await readFile(join(reference.folder, 'resnet18.safetensors'));
      await writeFile(join(reference.folder, 'resnet18-cut.safetensors'), bytes.subarray(0, bytes.length >> 1));
      const failure = load({ architecture: 'resnet18', ...published }, 'resnet18-cut.safetensors');
      await expect(failure).rejects.toThrow(FlagError);
      await expect(failure).rejects.toThrow(/^--init: .*resnet18-cut\.safetensors is truncated: tensor .* needs data bytes/);
    });

    it('a truncated h5 file', async () => {
      const bytes = await readFile(join(reference.folder, 'xception-keras.h5'));
      await writeFile(join(reference.folder, 'xception-cut.h5'), bytes.subarray(0, bytes.length >> 1));
      await expect(load(kerasNetwork, 'xception-cut.h5')).rejects.toThrow(/^--init: .*xception-cut\.h5 cannot be read as an HDF5 file: truncated file: eof = \d+/);
    });

    it("another architecture's file: PyTorch's lists of missing keys, and a hint", async () => {
      const net = createBackbone({ architecture: 'resnet34', ...published }, new Rng(1));
      const before = net.namedState()[0]![1].dataSync().slice();
      const file = await readWeightFile(join(reference.folder, 'resnet18.safetensors'), '--init');
      const failure = loadPretrained(net, 'resnet34', file, { strict: true, role: 'student' }, () => undefined);
      await expect(failure).rejects.toThrow(FlagError);
      await expect(failure).rejects.toThrow(/^Error\(s\) in loading --init .*resnet18\.safetensors into the student's resnet34 backbone, which loads torchvision's resnet34 state dict as safetensors:\n {2}Missing key\(s\) in the file: "layer1\.2\.conv1\.weight", "layer1\.2\.bn1\.weight", /);
      await expect(failure).rejects.toThrow(/\n {2}The file looks like resnet18 weights: --backbone resnet18\?\nPass --init-non-strict to load/);
      expect(Array.from(net.namedState()[0]![1].dataSync())).toEqual(Array.from(before));
      net.dispose();
      await expect(load(kerasNetwork, 'xception-timm.safetensors')).rejects.toThrow(
        /--init .*xception-timm\.safetensors is a safetensors file, but the teacher's xception backbone loads Keras's Xception weights in HDF5 .* The file looks like xception-timm weights: --backbone xception-timm\?/);
      await expect(load(timmNetwork, 'xception-keras.h5')).rejects.toThrow(/is an HDF5 file, but the teacher's xception-timm backbone loads timm's legacy_xception state dict/);
    });

    it('wrong shapes: size mismatches as PyTorch words them', async () => {
      await expect(load({ architecture: 'resnet18', widthMultiplier: 0.5, outputStride: 32 }, 'resnet18.safetensors')).rejects.toThrow(
        /\n {2}size mismatch for conv1\.weight: copying a tensor of shape \[64, 3, 7, 7\] from the file, the shape in this model is \[32, 3, 7, 7\]\.\n/);
      await expect(load({ ...kerasNetwork, widthMultiplier: 0.125 }, 'xception-keras.h5')).rejects.toThrow(
        /:\n {2}size mismatch for block1_conv2\/kernel: copying a tensor of shape \[3, 3, 8, 16\] from the file, the shape in this model is \[3, 3, 8, 8\] \(layer 3 with weights in the file, "block1_conv2"\)\.\n/);
      // One middle block fewer: the file's last middle block stands where the exit block starts, and 17 tensors are left over.
      const fewerBlocks = load({ ...kerasNetwork, middleBlocks: 7 }, 'xception-keras.h5');
      await expect(fewerBlocks).rejects.toThrow(/\n {2}Unexpected key\(s\) in the file: "conv2d_4\/kernel:0", "batch_normalization_4\/gamma:0", .*"block14_sepconv2_bn\/moving_variance:0"\.\n/);
      await expect(fewerBlocks).rejects.toThrow(/\n {2}size mismatch for block12_sepconv2\/pointwise_kernel: copying a tensor of shape \[1, 1, 182, 182\] from the file, the shape in this model is \[1, 1, 182, 256\] \(layer 67 with weights in the file, "block12_sepconv2"\)\.\n/);
    });

    it('--init-non-strict loads what fits, reports the rest and records it', async () => {
      const { net, source, lines } = await load({ architecture: 'resnet34', ...published }, 'resnet18.safetensors', false);
      expect(source.loaded).toBe(100);
      expect(source.notLoaded).toHaveLength(180 - 100);
      expect(source.notLoaded).toContain('layer3.5.bn2.running_var');
      expect(lines[0]).toMatch(/does not fit the teacher's resnet34 backbone exactly \(--init-non-strict\): loading the 100 tensors that fit/);
      expect(lines.some((line) => /Missing key\(s\) in the file: "layer1\.2\.conv1\.weight"/.test(line))).toBe(true);
      const stem = (await readWeightFile(join(reference.folder, 'resnet18.safetensors'), '--init')).safetensors!.tensors.get('bn1.running_var')!;
      expect(Array.from(net.namedState().find(([name]) => name === 'conv1.bn.moving_variance')![1].dataSync())).toEqual(Array.from(stem.data));
      net.dispose();
    });
  });
});

describe.skipIf(unavailable !== null)('fine-tuning from a PyTorch-made file', () => {
  it('trains a few steps from --init, exports, passes parity on node-cpu, and run.json and model.json name the file', async () => {
    const file = join(reference.folder, 'xception-timm-narrow.safetensors');
    const run = join(reference.folder, 'run');
    const out = join(reference.folder, 'model');
    const log: string[] = [];
    const stream = { write: (line: string) => log.push(line) } as unknown as NodeJS.WritableStream;
    const trained = await train({ data: 'fixtures/synth-tiny', preset: 'tiny', backbone: 'xception-timm', init: file, epochs: 1, stepsPerEpoch: 2,
      batchSize: 2, out: run, backend: 'cpu', progress: 'none', stream });
    expect(trained.status).toBe('finished');
    expect(log.join('')).toMatch(/--init: loaded 90 tensors of xception-timm-narrow\.safetensors \(sha256 [0-9a-f]{12}\.\.\.\) into the student's xception-timm backbone; not used: fc\.bias, fc\.weight, 16 num_batches_tracked counters/);
    const sha256 = createHash('sha256').update(await readFile(file)).digest('hex');
    const source = { file: 'xception-timm-narrow.safetensors', sha256, format: 'timm', loaded: 90, notLoaded: [] };
    const record = JSON.parse(await readFile(join(run, 'run.json'), 'utf8'));
    expect(record.init).toEqual({ teacher: source, student: source });
    expect(record.config.model.studentBackbone.inputNormalization).toEqual({ mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] });
    expect(Number.isFinite(record.metrics[0].loss.total)).toBe(true);
    await exportModel({ run, out, faces: false });
    expect(JSON.parse(await readFile(join(out, 'model.json'), 'utf8')).training.init).toEqual({ teacher: source, student: source });
    const report = await parityRuntimes().find((runtime) => runtime.name === 'node-cpu')!.run(out, { fused: false });
    expect(report.pass).toBe(true);
  });
});

/** ftd's path of an Xception tensor -> Keras's `<layer>/<weight>`, written out independently of the loader. */
function kerasName(path: string): string {
  const shortcutBlocks = [2, 3, 4, 13];
  const named = path.replace(/^middle\.(\d+)\./, (_, j: string) => `block${5 + Number(j)}.`);
  const shortcut = named.match(/^block(\d+)\.shortcut\.(conv|bn)\.(\w+)$/);
  if (shortcut) {
    const k = shortcutBlocks.indexOf(Number(shortcut[1])) + 1;
    return shortcut[2] === 'conv' ? `conv2d_${k}/kernel` : `batch_normalization_${k}/${shortcut[3]}`;
  }
  const [, layer, part, half, weight] = named.replace(/^(block\d+)\.(sepconv\d)\./, '$1_$2.').match(/^(\w+)\.(conv|bn)\.(?:(depthwise|pointwise)\.)?(\w+)$/)!;
  return `${layer}${part === 'bn' ? '_bn' : ''}/${half === undefined ? weight : `${half}_kernel`}`;
}
