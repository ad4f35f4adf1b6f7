import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeReport, fitsExactly } from '../../../../src/training/pretrained/load-report.ts';
import { matchStateDict } from '../../../../src/training/pretrained/match-state-dict.ts';
import { slot } from '../../../../src/training/pretrained/weight-slot.ts';
import { useCpuBackend } from '../modules/tfjs-cpu.ts';

beforeAll(useCpuBackend);
const kernel = tf.variable(tf.zeros([3, 3, 2, 4]));
const gamma = tf.variable(tf.zeros([4]));
const beta = tf.variable(tf.zeros([4]));
afterAll(() => [kernel, gamma, beta].forEach((variable) => variable.dispose()));

const tensor = (...shape: number[]) => ({ shape, data: new Float32Array(shape.reduce((a, b) => a * b, 1)) });
const slots = [slot('conv.weight', kernel, 'oihw'), slot('bn.weight', gamma, 'as-is'), slot('bn.bias', beta, 'as-is')];
const unused = (name: string) => name.startsWith('fc.') || name.endsWith('.num_batches_tracked');

describe('matchStateDict', () => {
  it('pairs every slot with the tensor of its name and shape, setting the classifier and batch counters aside', () => {
    const file = new Map([['conv.weight', tensor(4, 2, 3, 3)], ['bn.weight', tensor(4)], ['bn.bias', tensor(4)], ['fc.weight', tensor(10, 4)]]);
    const { matches, report } = matchStateDict(slots, file, [{ name: 'bn.num_batches_tracked', dtype: 'I64', shape: [] }], unused);
    expect(matches.map((match) => match.slot.source)).toEqual(['conv.weight', 'bn.weight', 'bn.bias']);
    expect(report).toEqual({ missing: [], unexpected: [], mismatched: [], ignored: ['fc.weight', 'bn.num_batches_tracked'] });
    expect(fitsExactly(report)).toBe(true);
  });

  it("reports missing, unexpected and misshapen tensors in the file's names, as PyTorch does", () => {
    const file = new Map([['conv.weight', tensor(8, 2, 3, 3)], ['bn.weight', tensor(4)], ['layer9.weight', tensor(1)]]);
    const { matches, report } = matchStateDict(slots, file, [{ name: 'bn.bias', dtype: 'I64', shape: [4] }], unused);
    expect(matches.map((match) => match.slot.source)).toEqual(['bn.weight']);
    expect(report.missing).toEqual([]);
    expect(report.unexpected).toEqual(['layer9.weight']);
    expect(fitsExactly(report)).toBe(false);
    expect(describeReport(report)).toEqual([
      'Unexpected key(s) in the file: "layer9.weight".',
      'size mismatch for conv.weight: copying a tensor of shape [8, 2, 3, 3] from the file, the shape in this model is [4, 2, 3, 3].',
      'size mismatch for bn.bias: copying a tensor of shape [4] from the file, the shape in this model is [4] (the file holds it as I64, not as floats).',
    ]);
    const { report: empty } = matchStateDict(slots, new Map(), [], unused);
    expect(describeReport(empty, 2)).toEqual(['Missing key(s) in the file: "conv.weight", "bn.weight", ... (1 more; 3 in all).']);
  });
});
