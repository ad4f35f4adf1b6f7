import { tInterval, type MeanInterval } from './t-interval.ts';

export interface PairedDifference extends MeanInterval {
  /** The keys present on both sides, in `treatment`'s order: what was paired. */
  pairs: string[];
}

/**
 * The mean of treatment - baseline over the keys both sides hold (seeds), with its t-interval. Pairing removes
 * what a seed does to both runs alike (its initial weights and batch order), so the interval is narrower than
 * the difference of two unpaired means whenever runs of one seed go up and down together. Null when no key pairs.
 */
export function pairedDifference(treatment: ReadonlyMap<string, number>, baseline: ReadonlyMap<string, number>): PairedDifference | null {
  const pairs = [...treatment.keys()].filter((key) => baseline.has(key));
  if (pairs.length === 0) return null;
  return { ...tInterval(pairs.map((key) => treatment.get(key)! - baseline.get(key)!)), pairs };
}
