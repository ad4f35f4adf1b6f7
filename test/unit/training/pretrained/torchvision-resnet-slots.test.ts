import { beforeAll, describe, expect, it } from 'vitest';
import type { ResNet } from '../../../../src/training/backbones/resnet.ts';
import { torchvisionResNetSlots } from '../../../../src/training/pretrained/torchvision-resnet-slots.ts';
import { useCpuBackend } from '../modules/tfjs-cpu.ts';
import { shapesOf, withPublished } from './published-layouts.ts';

beforeAll(useCpuBackend);

describe('torchvisionResNetSlots', () => {
  it.each([
    // torchvision's parameter counts (11,689,512 / 21,797,672) less fc (513,000), plus running means and variances.
    ['resnet18', 100, 11_689_512 - 513_000 + 2 * 4_800],
    ['resnet34', 180, 21_797_672 - 513_000 + 2 * 8_512],
  ] as const)("names %s's tensors as torchvision's state dict does, in its shapes", (architecture, count, values) => {
    withPublished(architecture, (net) => {
      const slots = torchvisionResNetSlots(net as ResNet);
      const { shapes, values: total } = shapesOf(slots);
      expect(shapes.size).toBe(count);
      expect(total).toBe(values);
      expect(shapes.get('conv1.weight')).toEqual([64, 3, 7, 7]);
      expect(shapes.get('bn1.running_var')).toEqual([64]);
      expect(shapes.get('layer2.0.downsample.0.weight')).toEqual([128, 64, 1, 1]);
      expect(shapes.get('layer2.0.downsample.1.running_mean')).toEqual([128]);
      expect(shapes.get('layer4.1.conv2.weight')).toEqual([512, 512, 3, 3]);
      expect(shapes.has('layer1.0.downsample.0.weight')).toBe(false);
      expect(slots.every((slot) => slot.layout === (slot.source.endsWith('.weight') && slot.shape.length === 4 ? 'oihw' : 'as-is'))).toBe(true);
    });
  });
});
