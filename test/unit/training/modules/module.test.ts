import { beforeAll, describe, expect, it } from 'vitest';
import { ConvBn } from '../../../../src/training/modules/conv-bn.ts';
import { ReLU } from '../../../../src/training/modules/relu.ts';
import { Sequential } from '../../../../src/training/modules/sequential.ts';
import { Rng } from '../../../../src/util/rng.ts';
import { useCpuBackend } from './tfjs-cpu.ts';

beforeAll(useCpuBackend);

describe('Module names', () => {
  it('are the keys the parents hold them under, empty for a root', () => {
    const conv = new ConvBn({ inChannels: 1, outChannels: 2, kernel: 3 }, new Rng(0));
    expect(conv.name).toBe('');
    expect(conv.conv.name).toBe('conv');
    expect(conv.bn.name).toBe('bn');
    const stack = new Sequential([conv], 1);
    expect(conv.name).toBe('0');
    expect(stack.name).toBe('');
  });

  it('refuse to give one module two parents', () => {
    const relu = new ReLU();
    new Sequential([relu as never], 1);
    expect(() => new Sequential([relu as never], 1)).toThrow(/ReLU "0" already has a parent/);
  });
});
