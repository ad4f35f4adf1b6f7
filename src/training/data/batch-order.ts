import { Rng } from '../../util/rng.ts';

/**
 * The endless training order: pass p visits the samples in `new Rng([seed, 'pass', p]).permutation(n)`, and
 * the passes are concatenated. Position q of that sequence is computed from (seed, q) alone, never by
 * replaying earlier draws, so a run resumed at step s sees exactly the batches a run from step 0 saw at s.
 */
export class BatchOrder {
  private readonly permutations = new Map<number, number[]>();

  constructor(
    readonly sampleCount: number,
    readonly seed: number,
  ) {}

  /** The sample index at position `position` of the concatenated passes. */
  sampleAt(position: number): number {
    const pass = Math.floor(position / this.sampleCount);
    return this.permutation(pass)[position - pass * this.sampleCount]!;
  }

  /** Pass p's permutation; the last few are kept because batches in flight straddle at most two passes. */
  permutation(pass: number): number[] {
    let order = this.permutations.get(pass);
    if (order === undefined) {
      order = new Rng([this.seed, 'pass', pass]).permutation(this.sampleCount);
      this.permutations.set(pass, order);
      if (this.permutations.size > 4) this.permutations.delete(this.permutations.keys().next().value!);
    }
    return order;
  }
}
