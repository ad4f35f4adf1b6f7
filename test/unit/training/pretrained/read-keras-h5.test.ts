import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import h5wasm from 'h5wasm/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readKerasH5 } from '../../../../src/training/pretrained/read-keras-h5.ts';

let folder: string;
beforeAll(async () => {
  await h5wasm.ready;
  folder = await mkdtemp(join(tmpdir(), 'ftd-keras-h5-'));
});
afterAll(() => rm(folder, { recursive: true, force: true }));

/**
 * An h5 file in Keras's layout, written with h5wasm; `under` puts it in a group, as model.save does. (Layers
 * without weights, and the fixed-length strings h5py writes, are in the files the PyTorch tests make.)
 */
function write(name: string, options: { under?: string; layerNames?: boolean } = {}): string {
  const path = join(folder, name);
  const file = new h5wasm.File(path, 'w');
  const root = options.under === undefined ? file : file.create_group(options.under);
  if (options.layerNames ?? true) root.create_attribute('layer_names', ['block1_conv1', 'block1_conv1_bn']);
  // Keras's weight names hold a slash, so each weight is a dataset in a group named after the layer, inside the layer's group.
  const conv = root.create_group('block1_conv1');
  conv.create_attribute('weight_names', ['block1_conv1/kernel:0']);
  conv.create_group('block1_conv1').create_dataset({ name: 'kernel:0', data: Float32Array.from({ length: 6 }, (_, i) => i), shape: [1, 1, 2, 3], dtype: '<f' });
  const bn = root.create_group('block1_conv1_bn');
  bn.create_attribute('weight_names', ['block1_conv1_bn/gamma:0', 'block1_conv1_bn/beta:0']);
  const bnWeights = bn.create_group('block1_conv1_bn');
  bnWeights.create_dataset({ name: 'gamma:0', data: Float64Array.of(0.5, 1.5, 2.5), shape: [3], dtype: '<d' });
  bnWeights.create_dataset({ name: 'beta:0', data: Float32Array.of(-1, 0, 1), shape: [3], dtype: '<f' });
  file.close();
  return path;
}

describe('readKerasH5', () => {
  it("reads save_weights's layout: the layers with weights in the file's order, each weight's name, shape and values", async () => {
    const layers = await readKerasH5(write('weights.h5'));
    expect(layers.map((layer) => layer.name)).toEqual(['block1_conv1', 'block1_conv1_bn']);
    expect(layers[0]!.weights[0]).toEqual({ name: 'block1_conv1/kernel:0', shape: [1, 1, 2, 3], data: Float32Array.of(0, 1, 2, 3, 4, 5) });
    expect(layers[1]!.weights.map((weight) => [weight.name, [...weight.data]])).toEqual([['block1_conv1_bn/gamma:0', [0.5, 1.5, 2.5]], ['block1_conv1_bn/beta:0', [-1, 0, 1]]]);
  });

  it("reads model.save's layout, where the weights sit in a model_weights group", async () => {
    const layers = await readKerasH5(write('model.h5', { under: 'model_weights' }));
    expect(layers.map((layer) => layer.name)).toEqual(['block1_conv1', 'block1_conv1_bn']);
  });

  it('names the file and what is wrong: not Keras weights, not HDF5', async () => {
    await expect(readKerasH5(write('plain.h5', { layerNames: false }))).rejects.toThrow(/plain\.h5 is an HDF5 file but not Keras weights: it has no "layer_names" attribute/);
    const text = join(folder, 'text.h5');
    await writeFile(text, 'not an HDF5 file at all');
    await expect(readKerasH5(text)).rejects.toThrow(/text\.h5 cannot be read as an HDF5 file: file signature not found/);
  });
});
