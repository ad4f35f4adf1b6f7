import { describe, expect, it } from 'vitest';
import { resolveSynthOptions } from '../../../src/synth/options.ts';

describe('resolveSynthOptions', () => {
  it('fills the documented defaults', () => {
    expect(resolveSynthOptions({ out: 'd' })).toEqual({
      out: 'd',
      identities: 40,
      videos: 2,
      frames: 8,
      size: 64,
      seed: 1,
      families: ['swap', 'reenact', 'graphic', 'texture'],
      compressions: ['raw', 'c23', 'c40'],
      preview: false,
      force: false,
    });
  });

  it('parses comma lists and puts them in the canonical order', () => {
    const options = resolveSynthOptions({ out: 'd', families: 'texture, swap', compressions: ['c40', 'raw'] });
    expect(options.families).toEqual(['swap', 'texture']);
    expect(options.compressions).toEqual(['raw', 'c40']);
  });

  it.each([
    [{ identities: 2 }, RangeError, /--identities must be an integer from 3 to 9999; found 2/],
    [{ identities: 4.5 }, RangeError, /--identities .* found 4.5/],
    [{ videos: 0 }, RangeError, /--videos must be an integer from 1 to 99; found 0/],
    [{ frames: 1000 }, RangeError, /--frames must be an integer from 1 to 999; found 1000/],
    [{ size: 512 }, RangeError, /--size must be an integer from 32 to 256; found 512/],
    [{ size: 100 }, RangeError, /--size must be a multiple of 8 .* found 100/],
    [{ size: Number.NaN }, TypeError, /--size must be a number; found NaN/],
    [{ seed: -1 }, RangeError, /--seed must be an integer from 0/],
    [{ families: 'swap,deepfake' }, RangeError, /--families: unknown name "deepfake"; expected .*swap, reenact, graphic, texture/],
    [{ families: 'swap,swap' }, RangeError, /--families lists a name twice/],
    [{ families: ' , ' }, RangeError, /--families must list at least one/],
    [{ compressions: 'c23,c99' }, RangeError, /--compression: unknown name "c99"; expected .*raw, c23, c40/],
  ])('rejects %o naming the flag', (bad, type, message) => {
    expect(() => resolveSynthOptions({ out: 'd', ...(bad as object) })).toThrow(type);
    expect(() => resolveSynthOptions({ out: 'd', ...(bad as object) })).toThrow(message);
  });

  it('requires --out', () => {
    expect(() => resolveSynthOptions({ out: ' ' })).toThrow(/--out must name the output folder/);
  });
});
