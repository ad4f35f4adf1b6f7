import type { Backbone } from '../../../../src/training/backbones/backbone.ts';
import { createBackbone } from '../../../../src/training/backbones/create-backbone.ts';
import type { BackboneArchitecture } from '../../../../src/training/config.ts';
import type { WeightSlot } from '../../../../src/training/pretrained/weight-slot.ts';
import { Rng } from '../../../../src/util/rng.ts';

/** The published network of an architecture (width 1, 8 middle blocks), handed to `use` and disposed after. */
export function withPublished<T>(architecture: BackboneArchitecture, use: (net: Backbone) => T): T {
  const net = createBackbone({ architecture, widthMultiplier: 1, outputStride: 32, middleBlocks: 8 }, new Rng(0));
  try {
    return use(net);
  } finally {
    net.dispose();
  }
}

/** Source name -> source shape, and the number of values in all of them. */
export function shapesOf(slots: readonly WeightSlot[]): { shapes: Map<string, readonly number[]>; values: number } {
  const shapes = new Map(slots.map((slot) => [slot.source, slot.shape] as const));
  const values = slots.reduce((total, slot) => total + slot.shape.reduce((a, b) => a * b, 1), 0);
  return { shapes, values };
}
