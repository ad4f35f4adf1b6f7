import { beforeAll, describe, expect, it } from 'vitest';
import type { Xception } from '../../../../src/training/backbones/xception.ts';
import { timmXceptionSlots } from '../../../../src/training/pretrained/timm-xception-slots.ts';
import { useCpuBackend } from '../modules/tfjs-cpu.ts';
import { shapesOf, withPublished } from './published-layouts.ts';

beforeAll(useCpuBackend);

describe('timmXceptionSlots', () => {
  it("names legacy_xception's tensors as timm's state dict does: rep indices counting the ReLUs, block1 without its first", () => {
    withPublished('xception-timm', (net) => {
      const { shapes, values } = shapesOf(timmXceptionSlots(net as Xception));
      expect(shapes.size).toBe(234);
      // Keras's 20,861,480 values of Xception(include_top=False), which timm's port holds too.
      expect(values).toBe(20_861_480);
      expect(shapes.get('conv1.weight')).toEqual([32, 3, 3, 3]);
      expect(shapes.get('bn2.running_mean')).toEqual([64]);
      expect(shapes.get('block1.rep.0.conv1.weight')).toEqual([64, 1, 3, 3]);
      expect(shapes.get('block1.rep.0.pointwise.weight')).toEqual([128, 64, 1, 1]);
      expect(shapes.get('block1.rep.4.running_var')).toEqual([128]);
      expect(shapes.get('block2.rep.1.conv1.weight')).toEqual([128, 1, 3, 3]);
      expect(shapes.get('block4.rep.7.conv1.weight')).toEqual([728, 1, 3, 3]);
      expect(shapes.get('block4.rep.8.weight')).toEqual([728]);
      expect(shapes.get('block12.rep.4.pointwise.weight')).toEqual([1024, 728, 1, 1]);
      expect(shapes.get('block12.skip.weight')).toEqual([1024, 728, 1, 1]);
      expect(shapes.get('conv4.pointwise.weight')).toEqual([2048, 1536, 1, 1]);
      expect(shapes.get('bn4.bias')).toEqual([2048]);
      expect(shapes.has('block4.skip.weight')).toBe(false);
      expect(shapes.has('block13.rep.1.conv1.weight')).toBe(false);
    });
  });

  it("refuses to pair timm's weights with Keras's BatchNorm epsilon", () => {
    withPublished('xception', (net) => expect(() => timmXceptionSlots(net as Xception)).toThrow(/bn1: PyTorch weights need BatchNorm epsilon 0\.00001, but this backbone's is 0\.001/));
  });
});
