import { describe, expect, it } from 'vitest';
import { maskedCount, topKIndices, topKMask } from '../../../src/runtime-common/topk-mask.ts';

describe('topKMask', () => {
  const attention = new Float32Array([0.1, 0.3, 0.3, 0.05, 0.3, 0.2, /* row 2 */ 0, 0, 0, 0, 0, 0]);

  it('zeroes the k highest positions, ties to the lower index', () => {
    expect(topKIndices(attention.subarray(0, 6), 2, true)).toEqual([1, 2]);
    const mask = topKMask(attention, 2, 6, 2, 'high');
    expect(Array.from(mask.subarray(0, 6))).toEqual([1, 0, 0, 1, 1, 1]);
    // all equal: the first k positions
    expect(Array.from(mask.subarray(6))).toEqual([0, 0, 1, 1, 1, 1]);
  });

  it('zeroes the k lowest for `low`', () => {
    const mask = topKMask(attention, 1, 6, 2, 'low');
    expect(Array.from(mask)).toEqual([0, 1, 1, 0, 1, 1]);
  });

  it('draws k random positions per image, reproducibly from the seed', () => {
    const images = Float32Array.from({ length: 2 * 3 * 2 * 2 }, (_, i) => i / 24);
    const a = topKMask(attention, 2, 6, 3, 'random', 7, images);
    const b = topKMask(attention, 2, 6, 3, 'random', 7, images);
    const c = topKMask(attention, 2, 6, 3, 'random', 8, images);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(a.subarray(0, 6).reduce((s, v) => s + v, 0)).toBe(3);
    expect(a.subarray(6).reduce((s, v) => s + v, 0)).toBe(3);
  });

  it('refuses the random strategy without the images it draws from', () => {
    expect(() => topKMask(attention, 2, 6, 3, 'random', 7)).toThrow(
      new TypeError('topKMask: the random strategy draws each mask from its image; pass the images'),
    );
  });

  it('keeps everything for `none` and for k = 0', () => {
    expect(Array.from(topKMask(attention, 2, 6, 3, 'none'))).toEqual(new Array(12).fill(1));
    expect(Array.from(topKMask(attention, 2, 6, 0, 'high'))).toEqual(new Array(12).fill(1));
  });

  it('rounds k from the ratio', () => {
    expect(maskedCount(0.25, 64)).toBe(16);
    expect(maskedCount(0.25, 49)).toBe(12);
    expect(maskedCount(0.25, 16)).toBe(4);
  });
});
