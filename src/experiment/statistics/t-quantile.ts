import jStat from 'jstat';

/**
 * The p-quantile of Student's t distribution with `degreesOfFreedom` (> 0) degrees of freedom, computed (jstat
 * inverts the regularised incomplete beta function) rather than looked up, so any number of seeds works.
 */
export function tQuantile(p: number, degreesOfFreedom: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`tQuantile: p must be a number > 0 and < 1, got ${p}`);
  if (!(degreesOfFreedom > 0 && Number.isFinite(degreesOfFreedom))) {
    throw new RangeError(`tQuantile: degrees of freedom must be a finite number > 0, got ${degreesOfFreedom}`);
  }
  return jStat.studentt.inv(p, degreesOfFreedom);
}
