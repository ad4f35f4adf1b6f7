import { describe, expect, it } from 'vitest';
import { fans, glorotUniform, heNormal, truncatedNormal } from '../../../../src/training/modules/initializers.ts';
import { Rng } from '../../../../src/util/rng.ts';

function moments(values: Float32Array): { mean: number; std: number; maxAbs: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length;
  return { mean, std: Math.sqrt(variance), maxAbs: values.reduce((m, v) => Math.max(m, Math.abs(v)), 0) };
}

describe('initialisers', () => {
  it('compute fans as Keras does: the last two axes times the receptive field', () => {
    expect(fans([3, 3, 16, 32])).toEqual({ fanIn: 144, fanOut: 288 });
    expect(fans([64, 10])).toEqual({ fanIn: 64, fanOut: 10 });
  });

  it('Glorot uniform stays within sqrt(6 / (fanIn + fanOut)) with the variance of that uniform', () => {
    const values = glorotUniform([3, 3, 32, 64], new Rng(1));
    const limit = Math.sqrt(6 / (288 + 576));
    const { mean, std, maxAbs } = moments(values);
    expect(maxAbs).toBeLessThanOrEqual(limit);
    expect(Math.abs(mean)).toBeLessThan(0.01 * limit);
    expect(std).toBeCloseTo(limit / Math.sqrt(3), 3);
  });

  it('He normal on fan-out has std sqrt(2 / (k * k * out)) (torchvision ResNet)', () => {
    const { std } = moments(heNormal('fanOut')([3, 3, 32, 64], new Rng(2)));
    expect(std / Math.sqrt(2 / 576)).toBeCloseTo(1, 1);
  });

  it('truncated normal never exceeds two std', () => {
    const { maxAbs, std } = moments(truncatedNormal(0.02)([10000], new Rng(3)));
    expect(maxAbs).toBeLessThanOrEqual(0.04);
    expect(std).toBeGreaterThan(0.015);
  });

  it('are reproducible from the seed', () => {
    expect(glorotUniform([4, 4], new Rng(5))).toEqual(glorotUniform([4, 4], new Rng(5)));
  });
});
