import { describe, expect, it } from 'vitest';
import { framePath, splitIdentities } from '../../../src/synth/layout.ts';

describe('splitIdentities', () => {
  it.each([
    [3, 1, 1, 1],
    [6, 4, 1, 1],
    [40, 28, 6, 6],
    [100, 70, 15, 15],
  ])('splits %i identities into %i/%i/%i, disjoint and covering all', (count, train, val, test) => {
    const splits = splitIdentities(count, 7);
    expect([splits.train.length, splits.val.length, splits.test.length]).toEqual([train, val, test]);
    const all = [...splits.train, ...splits.val, ...splits.test].sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: count }, (_, i) => i));
  });

  it('depends on the seed, and only on the seed and the count', () => {
    expect(splitIdentities(40, 1)).toEqual(splitIdentities(40, 1));
    expect(splitIdentities(40, 1).test).not.toEqual(splitIdentities(40, 2).test);
  });
});

describe('framePath', () => {
  it('follows <compression>/<type>/<identity>_v<k>/f<nnn>.<png|jpg>', () => {
    expect(framePath('raw', 'real', 3, 1, 2)).toBe('raw/real/id0003_v1/f002.png');
    expect(framePath('c23', 'swap', 12, 0, 17)).toBe('c23/swap/id0012_v0/f017.jpg');
  });
});
