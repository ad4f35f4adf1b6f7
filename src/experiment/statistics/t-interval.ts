import { tQuantile } from './t-quantile.ts';

/** The confidence level of every interval ftd experiment reports. */
export const confidenceLevel = 0.95;

/**
 * A mean over n values with its Student t confidence interval: mean +- t(1 - (1 - level) / 2, n - 1) * s / sqrt(n),
 * s the sample standard deviation. It assumes the values are independent draws from a normal distribution
 * (seeds of one configuration are). With one value there is no spread to estimate, so the interval fields are null.
 */
export interface MeanInterval {
  n: number;
  mean: number;
  /** Sample standard deviation (divisor n - 1); null when n = 1. */
  standardDeviation: number | null;
  /** t quantile times the standard error; null when n = 1. */
  halfWidth: number | null;
  low: number | null;
  high: number | null;
}

export function mean(values: readonly number[]): number {
  checkValues('mean', values);
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** Sample standard deviation (divisor n - 1); needs at least two values. */
export function sampleStandardDeviation(values: readonly number[]): number {
  checkValues('sampleStandardDeviation', values);
  if (values.length < 2) throw new RangeError(`sampleStandardDeviation: needs at least 2 values, got ${values.length}`);
  const centre = mean(values);
  return Math.sqrt(values.reduce((sum, value) => sum + (value - centre) ** 2, 0) / (values.length - 1));
}

export function tInterval(values: readonly number[], level = confidenceLevel): MeanInterval {
  if (!(level > 0 && level < 1)) throw new RangeError(`tInterval: level must be a number > 0 and < 1, got ${level}`);
  const centre = mean(values);
  const n = values.length;
  if (n < 2) return { n, mean: centre, standardDeviation: null, halfWidth: null, low: null, high: null };
  const standardDeviation = sampleStandardDeviation(values);
  const halfWidth = (tQuantile(1 - (1 - level) / 2, n - 1) * standardDeviation) / Math.sqrt(n);
  return { n, mean: centre, standardDeviation, halfWidth, low: centre - halfWidth, high: centre + halfWidth };
}

function checkValues(name: string, values: readonly number[]): void {
  if (values.length === 0) throw new RangeError(`${name}: needs at least 1 value, got none`);
  const bad = values.findIndex((value) => !Number.isFinite(value));
  if (bad >= 0) throw new RangeError(`${name}: values must be finite numbers, got ${values[bad]} at index ${bad}`);
}
