import { beforeAll, describe, expect, it } from 'vitest';
import type { Xception } from '../../../../src/training/backbones/xception.ts';
import { kerasXceptionLayers } from '../../../../src/training/pretrained/keras-xception-layers.ts';
import { useCpuBackend } from '../modules/tfjs-cpu.ts';
import { shapesOf, withPublished } from './published-layouts.ts';

beforeAll(useCpuBackend);

describe('kerasXceptionLayers', () => {
  it("lists Keras's layers with weights in the model's order, each weight in Keras's order and shape", () => {
    withPublished('xception', (net) => {
      const layers = kerasXceptionLayers(net as Xception);
      expect(layers).toHaveLength(80);
      expect(layers.slice(0, 12).map((layer) => layer.name)).toEqual([
        'block1_conv1', 'block1_conv1_bn', 'block1_conv2', 'block1_conv2_bn', 'block2_sepconv1', 'block2_sepconv1_bn',
        'block2_sepconv2', 'block2_sepconv2_bn', 'conv2d_1', 'batch_normalization_1', 'block3_sepconv1', 'block3_sepconv1_bn',
      ]);
      expect(layers.slice(-10).map((layer) => layer.name)).toEqual([
        'block13_sepconv1', 'block13_sepconv1_bn', 'block13_sepconv2', 'block13_sepconv2_bn', 'conv2d_4', 'batch_normalization_4',
        'block14_sepconv1', 'block14_sepconv1_bn', 'block14_sepconv2', 'block14_sepconv2_bn',
      ]);
      const { shapes, values } = shapesOf(layers.flatMap((layer) => layer.weights));
      // Keras's summary of Xception(include_top=False): 20,861,480 values in 234 weights.
      expect(shapes.size).toBe(234);
      expect(values).toBe(20_861_480);
      expect(layers.find((layer) => layer.name === 'block2_sepconv1')!.weights.map((weight) => weight.source)).toEqual(['block2_sepconv1/depthwise_kernel', 'block2_sepconv1/pointwise_kernel']);
      expect(layers.find((layer) => layer.name === 'batch_normalization_2')!.weights.map((weight) => weight.source.split('/')[1])).toEqual(['gamma', 'beta', 'moving_mean', 'moving_variance']);
      expect(shapes.get('block1_conv1/kernel')).toEqual([3, 3, 3, 32]);
      expect(shapes.get('conv2d_1/kernel')).toEqual([1, 1, 64, 128]);
      expect(shapes.get('block12_sepconv3/depthwise_kernel')).toEqual([3, 3, 728, 1]);
      expect(shapes.get('block14_sepconv2/pointwise_kernel')).toEqual([1, 1, 1536, 2048]);
    });
  });
});
