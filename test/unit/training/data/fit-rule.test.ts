import { describe, expect, it } from 'vitest';
import { fitRule } from '../../../../src/training/data/fit-rule.ts';
import { resizeToSquare } from '../../../../src/runtime-common/preprocess.ts';
import { Rng } from '../../../../src/util/rng.ts';

function randomImage(width: number, height: number, channels: 3 | 4, seed: number) {
  const rng = new Rng([seed, 'fit-rule-image']);
  return { data: Uint8Array.from({ length: width * height * channels }, () => rng.int(256)), width, height, channels };
}

describe('fitRule', () => {
  it('passes an image of the model size through as pixel / 255, exactly what the shared resampler gives', () => {
    for (const channels of [3, 4] as const) {
      const image = randomImage(24, 24, channels, channels);
      const fitted = fitRule(image, 24);
      expect(fitted).toHaveLength(24 * 24 * 3);
      expect(fitted[5]).toBe(Math.fround(image.data[channels + 2]! / 255));
      expect(Array.from(fitted)).toEqual(Array.from(resizeToSquare(image, 24, 'fill')));
      expect(Array.from(fitRule(image, 24, 'cover'))).toEqual(Array.from(resizeToSquare(image, 24, 'cover')));
    }
  });

  it('resamples any other size with the shared rule, fill and cover alike', () => {
    const image = randomImage(40, 30, 3, 9);
    for (const fit of ['fill', 'cover'] as const) {
      expect(Array.from(fitRule(image, 16, fit))).toEqual(Array.from(resizeToSquare(image, 16, fit)));
    }
    expect(Array.from(fitRule(image, 16, 'fill'))).not.toEqual(Array.from(fitRule(image, 16, 'cover')));
  });
});
