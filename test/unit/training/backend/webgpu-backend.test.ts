import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { chooseBackend } from '../../../../src/training/backend/index.ts';
import { webGpuUnavailableReason } from '../../../helpers/webgpu-adapter.ts';

const missing = await webGpuUnavailableReason();
if (missing) console.warn(`skipping the WebGPU back-end test: ${missing}`);

describe.skipIf(missing !== null)('webgpu back end on Dawn', () => {
  it('starts, names its adapter, and computes a convolution as the cpu back end does', async () => {
    const input = tf.tensor4d(Array.from({ length: 2 * 6 * 6 * 3 }, (_, i) => Math.sin(i)), [2, 6, 6, 3]);
    const filter = tf.tensor4d(Array.from({ length: 3 * 3 * 3 * 4 }, (_, i) => Math.cos(i) / 9), [3, 3, 3, 4]);
    await chooseBackend('cpu');
    const expected = tf.conv2d(input, filter, 1, 'same').dataSync();

    const choice = await chooseBackend('webgpu');
    expect(choice.name).toBe('webgpu');
    expect(tf.getBackend()).toBe('webgpu');
    expect(choice.package).toBe('@tensorflow/tfjs-backend-webgpu');
    expect(choice.device.length).toBeGreaterThan(0);
    console.info(`webgpu adapter: ${choice.device}`);
    expect(process.env.XDG_RUNTIME_DIR).toBeTruthy();

    const gpuInput = tf.tensor4d(input.dataSync(), input.shape);
    const gpuFilter = tf.tensor4d(filter.dataSync(), filter.shape);
    const actual = await tf.conv2d(gpuInput, gpuFilter, 1, 'same').data();
    expect(actual.length).toBe(2 * 6 * 6 * 4);
    for (let i = 0; i < actual.length; i++) expect(Math.abs(actual[i]! - expected[i]!)).toBeLessThan(1e-5);
    expect(choice.deviceErrors()).toEqual([]);

    // tfjs-webgpu never throws on an invalid command; the choice must still hear of it from the device.
    const device = (tf.backend() as unknown as { device: { createBuffer(descriptor: { size: number; usage: number }): unknown } }).device;
    device.createBuffer({ size: 4, usage: 0 });
    await tf.ones([1]).data();
    const errors = choice.deviceErrors();
    expect(errors.length).toBeGreaterThanOrEqual(1);
    expect(errors[0]).toMatch(/usage/i);
    expect(choice.deviceErrors()).toEqual([]);
  });
});
