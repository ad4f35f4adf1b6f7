import { describe, expect, it } from 'vitest';
import type { Sample } from '../../../../src/training/data/sample.ts';
import { selectSamples } from '../../../../src/training/data/select-samples.ts';

const sample = (name: string, label: 0 | 1, type: string, split: Sample['split'], compression?: string): Sample => ({
  path: `/d/${name}.png`,
  label,
  type,
  video: name,
  split,
  ...(compression === undefined ? {} : { compression }),
  origin: name,
});

describe('selectSamples', () => {
  const samples = [
    sample('r1', 0, 'real', 'train', 'c23'),
    sample('s1', 1, 'swap', 'train', 'c23'),
    sample('e1', 1, 'reenact', 'train', 'c40'),
    sample('r2', 0, 'real', 'test', 'c40'),
    sample('s2', 1, 'swap', 'test', 'c40'),
  ];
  const names = (selected: Sample[]) => selected.map((s) => s.origin);

  it('filters by split, keeping order', () => {
    expect(names(selectSamples(samples, { split: 'train' }))).toEqual(['r1', 's1', 'e1']);
    expect(names(selectSamples(samples, { split: 'val' }))).toEqual([]);
  });

  it('keeps real samples whatever types says', () => {
    expect(names(selectSamples(samples, { types: ['swap'] }))).toEqual(['r1', 's1', 'r2', 's2']);
    expect(names(selectSamples(samples, { split: 'train', types: ['reenact'] }))).toEqual(['r1', 'e1']);
  });

  it('filters by compression, for reals too', () => {
    expect(names(selectSamples(samples, { compressions: ['c40'] }))).toEqual(['e1', 'r2', 's2']);
  });

  it('a type or compression no sample has is a typo, not an empty selection', () => {
    expect(() => selectSamples(samples, { types: ['swpa'] })).toThrow(/types: no sample has "swpa"; the dataset has reenact, swap/);
    expect(() => selectSamples(samples, { compressions: ['raw'] })).toThrow(/compressions: no sample has "raw"; the dataset has c23, c40/);
  });
});
